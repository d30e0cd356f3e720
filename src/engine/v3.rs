//! The IGMPv3 router's group record (RFC 3376 §6): the rows of §6.4.1 and §6.4.2, the expiries
//! of §6.5, the timer updates of §6.6.1, the arming of specific queries in §6.6.3, and group
//! compatibility mode (§7.3.2).
//!
//! The record's timers live wherever its driver keeps them (the simulator's node timers, the
//! analysis' deadlines): the driver implements [`Record`], and every rule below reads and
//! changes the record only through it.

use std::net::IpAddr;

use super::timers::Time;
use super::{FilterMode, RecordType, Set};

/// One group record as a router keeps it (RFC 3376 §6.2.1: "(multicast address, group timer,
/// filter-mode, (source records))", each source record with its timer).
pub trait Record<T: Time> {
    fn mode(&self) -> FilterMode;
    fn set_mode(&mut self, mode: FilterMode);
    /// Every source record: in INCLUDE mode the list A; in EXCLUDE mode X and Y together.
    fn sources(&self) -> Set;
    /// Time left on a source's timer; zero when it does not run (EXCLUDE's Y, "timer = 0").
    fn source_left(&self, s: IpAddr) -> T;
    /// Sets a source's timer (adding the record if it is new); zero stops it (Y).
    fn set_source(&mut self, s: IpAddr, left: T);
    fn delete_source(&mut self, s: IpAddr);
    /// Time left on the group timer; zero when it does not run.
    fn group_left(&self) -> T;
    fn set_group(&mut self, left: T);
}

/// The sources with a running timer (X in EXCLUDE mode; A in INCLUDE mode).
pub fn running<T: Time, R: Record<T> + ?Sized>(r: &R) -> Set {
    r.sources()
        .into_iter()
        .filter(|s| r.source_left(*s) > T::default())
        .collect()
}

/// One row of the tables of RFC 3376 §6.4.1 (Current-State records) and §6.4.2 (Filter-Mode-
/// Change and Source-List-Change records).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Row {
    IncludeIsIn,
    IncludeIsEx,
    ExcludeIsIn,
    ExcludeIsEx,
    IncludeAllow,
    IncludeBlock,
    IncludeToEx,
    IncludeToIn,
    ExcludeAllow,
    ExcludeBlock,
    ExcludeToEx,
    ExcludeToIn,
}

impl Row {
    /// The row as the RFC writes it.
    pub fn rule(self) -> &'static str {
        match self {
            Row::IncludeIsIn => "INCLUDE(A) + IS_IN(B) → INCLUDE(A+B); (B)=GMI",
            Row::IncludeIsEx => {
                "INCLUDE(A) + IS_EX(B) → EXCLUDE(A*B, B-A); (B-A)=0; Delete(A-B); GT=GMI"
            }
            Row::ExcludeIsIn => "EXCLUDE(X,Y) + IS_IN(A) → EXCLUDE(X+A, Y-A); (A)=GMI",
            Row::ExcludeIsEx => "EXCLUDE(X,Y) + IS_EX(A) → EXCLUDE(A-Y, Y*A); (A-X-Y)=GMI; Delete(X-A); Delete(Y-A); GT=GMI",
            Row::IncludeAllow => "INCLUDE(A) + ALLOW(B) → INCLUDE(A+B); (B)=GMI",
            Row::IncludeBlock => "INCLUDE(A) + BLOCK(B) → INCLUDE(A); Send Q(G,A*B)",
            Row::IncludeToEx => "INCLUDE(A) + TO_EX(B) → EXCLUDE(A*B, B-A); (B-A)=0; Delete(A-B); Send Q(G,A*B); GT=GMI",
            Row::IncludeToIn => "INCLUDE(A) + TO_IN(B) → INCLUDE(A+B); (B)=GMI; Send Q(G,A-B)",
            Row::ExcludeAllow => "EXCLUDE(X,Y) + ALLOW(A) → EXCLUDE(X+A, Y-A); (A)=GMI",
            Row::ExcludeBlock => {
                "EXCLUDE(X,Y) + BLOCK(A) → EXCLUDE(X+(A-Y), Y); (A-X-Y)=GT; Send Q(G,A-Y)"
            }
            Row::ExcludeToEx => "EXCLUDE(X,Y) + TO_EX(A) → EXCLUDE(A-Y, Y*A); (A-X-Y)=GT; Delete(X-A); Delete(Y-A); Send Q(G,A-Y); GT=GMI",
            Row::ExcludeToIn => "EXCLUDE(X,Y) + TO_IN(A) → EXCLUDE(X+A, Y-A); (A)=GMI; Send Q(G,X-A); Send Q(G)",
        }
    }

    /// The RFC section of the row's table.
    pub fn section(self) -> &'static str {
        match self {
            Row::IncludeIsIn | Row::IncludeIsEx | Row::ExcludeIsIn | Row::ExcludeIsEx => {
                "RFC 3376 §6.4.1"
            }
            _ => "RFC 3376 §6.4.2",
        }
    }
}

/// What a row did: the caller narrates it and, if it is the querier, sends what is owed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transition {
    pub row: Row,
    pub from: FilterMode,
    pub to: FilterMode,
    /// "Send Q(G,S)" for these sources (empty: the row owes none).
    pub query_sources: Set,
    /// "Send Q(G)".
    pub query_group: bool,
    /// The sources the row deleted ("Delete (A-B)" and the like).
    pub deleted: Set,
}

/// Applies one group record (already translated by [`translate`]) to the router's record for
/// its group, as the tables of RFC 3376 §6.4.1 and §6.4.2 say. `None` for an unknown record
/// type ("unrecognized Record Type values MUST be silently ignored", §4.2.12).
///
/// In the tables, A and B are source lists; INCLUDE (A) is the record's sources; EXCLUDE (X,Y)
/// are the sources with a running timer (X, forwarded) and with none (Y, blocked); "(B)=GMI"
/// sets those sources' timers; "GT" is the group timer.
pub fn apply<T: Time, R: Record<T> + ?Sized>(
    r: &mut R,
    record: RecordType,
    b: &Set,
    gmi: T,
) -> Option<Transition> {
    use FilterMode::{Exclude, Include};
    use RecordType::{Allow, Block, IsEx, IsIn, ToEx, ToIn};
    let from = r.mode();
    let all = r.sources();
    let x = running(r);
    let y: Set = all.difference(&x).copied().collect();
    let minus = |p: &Set, q: &Set| -> Set { p.difference(q).copied().collect() };
    let and = |p: &Set, q: &Set| -> Set { p.intersection(q).copied().collect() };
    let plus = |p: &Set, q: &Set| -> Set { p.union(q).copied().collect() };
    let a = &all;
    // What each row does: the new mode and source list, the timers it sets, the queries owed.
    let mut to = from;
    let mut keep = all.clone();
    let mut timer_gmi = Set::new();
    let mut timer_zero = Set::new();
    let mut timer_gt = Set::new();
    let mut group_gmi = false;
    let mut query_sources = Set::new();
    let mut query_group = false;
    let row = match (from, record) {
        // §6.4.1 "INCLUDE (A) IS_IN (B) INCLUDE (A+B) (B)=GMI" and
        // §6.4.2 "INCLUDE (A) ALLOW (B) INCLUDE (A+B) (B)=GMI".
        (Include, IsIn | Allow) => {
            keep = plus(a, b);
            timer_gmi = b.clone();
            if record == IsIn {
                Row::IncludeIsIn
            } else {
                Row::IncludeAllow
            }
        }
        // §6.4.1 "INCLUDE (A) IS_EX (B) EXCLUDE (A*B,B-A) (B-A)=0 Delete (A-B) Group Timer=GMI";
        // §6.4.2 TO_EX: the same, and "Send Q(G,A*B)".
        (Include, IsEx | ToEx) => {
            to = Exclude;
            keep = plus(&and(a, b), &minus(b, a));
            timer_zero = minus(b, a);
            group_gmi = true;
            if record == ToEx {
                query_sources = and(a, b);
                Row::IncludeToEx
            } else {
                Row::IncludeIsEx
            }
        }
        // §6.4.2 "INCLUDE (A) BLOCK (B) INCLUDE (A) Send Q(G,A*B)".
        (Include, Block) => {
            query_sources = and(a, b);
            Row::IncludeBlock
        }
        // §6.4.2 "INCLUDE (A) TO_IN (B) INCLUDE (A+B) (B)=GMI Send Q(G,A-B)".
        (Include, ToIn) => {
            keep = plus(a, b);
            timer_gmi = b.clone();
            query_sources = minus(a, b);
            Row::IncludeToIn
        }
        // §6.4.1 "EXCLUDE (X,Y) IS_IN (A) EXCLUDE (X+A,Y-A) (A)=GMI", §6.4.2 ALLOW the same.
        (Exclude, IsIn | Allow) => {
            keep = plus(&all, b);
            timer_gmi = b.clone();
            if record == IsIn {
                Row::ExcludeIsIn
            } else {
                Row::ExcludeAllow
            }
        }
        // §6.4.1 "EXCLUDE (X,Y) IS_EX (A) EXCLUDE (A-Y,Y*A) (A-X-Y)=GMI Delete (X-A) Delete (Y-A)
        // Group Timer=GMI"; §6.4.2 TO_EX: "(A-X-Y)=Group Timer … Send Q(G,A-Y)".
        (Exclude, IsEx | ToEx) => {
            keep = b.clone();
            let new = minus(&minus(b, &x), &y);
            group_gmi = true;
            if record == ToEx {
                timer_gt = new;
                query_sources = minus(b, &y);
                Row::ExcludeToEx
            } else {
                timer_gmi = new;
                Row::ExcludeIsEx
            }
        }
        // §6.4.2 "EXCLUDE (X,Y) BLOCK (A) EXCLUDE (X+(A-Y),Y) (A-X-Y)=Group Timer Send Q(G,A-Y)".
        (Exclude, Block) => {
            keep = plus(&all, b);
            timer_gt = minus(&minus(b, &x), &y);
            query_sources = minus(b, &y);
            Row::ExcludeBlock
        }
        // §6.4.2 "EXCLUDE (X,Y) TO_IN (A) EXCLUDE (X+A,Y-A) (A)=GMI Send Q(G,X-A) Send Q(G)".
        (Exclude, ToIn) => {
            keep = plus(&all, b);
            timer_gmi = b.clone();
            query_sources = minus(&x, b);
            query_group = true;
            Row::ExcludeToIn
        }
        (_, RecordType::Unknown(_)) => return None,
    };
    // (A)=GT reads the group timer before the row restarts it.
    let gt = r.group_left();
    let deleted = minus(&all, &keep);
    for s in &deleted {
        r.delete_source(*s);
    }
    for s in &timer_zero {
        r.set_source(*s, T::default());
    }
    for s in &timer_gmi {
        r.set_source(*s, gmi);
    }
    for s in &timer_gt {
        r.set_source(*s, gt);
    }
    if group_gmi {
        r.set_group(gmi);
    }
    r.set_mode(to);
    Some(Transition {
        row,
        from,
        to,
        query_sources,
        query_group,
        deleted,
    })
}

/// RFC 3376 §6.6.1: "Q(G,A): Source Timer for sources in A are lowered to LMQT; Q(G): Group
/// Timer is lowered to LMQT", when a router sends or hears a specific query with the Suppress
/// Router-Side Processing flag clear ("When a router sends or receives a query with the
/// Suppress Router-Side Processing flag set, it will not update its timers"). Returns whether a
/// timer was lowered.
pub fn lower_on_query<T: Time, R: Record<T> + ?Sized>(
    r: &mut R,
    sources: &[IpAddr],
    lmqt: T,
) -> bool {
    if sources.is_empty() {
        if r.group_left() > lmqt {
            r.set_group(lmqt);
            return true;
        }
        return false;
    }
    let mut lowered = false;
    for s in sources {
        if r.sources().contains(s) && r.source_left(*s) > lmqt {
            r.set_source(*s, lmqt);
            lowered = true;
        }
    }
    lowered
}

/// RFC 3376 §6.6.3.1: "When a table action "Send Q(G)" is encountered, then the group timer
/// must be lowered to LMQT."
pub fn send_q_group<T: Time, R: Record<T> + ?Sized>(r: &mut R, lmqt: T) {
    if r.group_left() > lmqt {
        r.set_group(lmqt);
    }
}

/// RFC 3376 §6.6.3.2: "When a table action "Send Q(G,X)" is encountered by a querier …, the
/// following actions must be performed for each of the sources in X of group G, with source
/// timer larger than LMQT: Set number of retransmissions for each source to [Last Member Query
/// Count]. Lower source timer to LMQT." Returns those sources (the caller arms their
/// retransmissions); a source already at or below LMQT gets nothing new.
pub fn send_q_sources<T: Time, R: Record<T> + ?Sized>(r: &mut R, xs: &Set, lmqt: T) -> Set {
    let mut armed = Set::new();
    for s in xs {
        if r.source_left(*s) > lmqt {
            r.set_source(*s, lmqt);
            armed.insert(*s);
        }
    }
    armed
}

/// RFC 3376 §6.6.3.1: "When transmitting a group specific query, if the group timer is larger
/// than LMQT, the "Suppress Router-Side Processing" bit is set"; §6.6.3.2 splits a
/// group-and-source query the same way, source by source.
pub fn suppress<T: Time>(timer_left: T, lmqt: T) -> bool {
    timer_left > lmqt
}

/// What the group timer's expiry did (RFC 3376 §6.5).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GroupExpiry {
    /// INCLUDE mode: the group timer plays no part ("when in INCLUDE mode, the group timer is
    /// not used").
    Nothing,
    /// "If there are no source records with running timers, the group record is deleted."
    Deleted,
    /// "the router switches to INCLUDE filter-mode, … source records with a zero timer are
    /// deleted": the sources still forwarded.
    ToInclude(Set),
}

/// RFC 3376 §6.5 (and §6.2.2): the group timer expired in EXCLUDE mode.
pub fn group_timer_expired<T: Time, R: Record<T> + ?Sized>(r: &mut R) -> GroupExpiry {
    if r.mode() != FilterMode::Exclude {
        return GroupExpiry::Nothing;
    }
    let x = running(r);
    for s in r.sources() {
        if !x.contains(&s) {
            r.delete_source(s);
        }
    }
    // A deleted record is INCLUDE({}): nothing is forwarded.
    r.set_mode(FilterMode::Include);
    if x.is_empty() {
        GroupExpiry::Deleted
    } else {
        GroupExpiry::ToInclude(x)
    }
}

/// What a source timer's expiry did (RFC 3376 §6.3 table).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceExpiry {
    /// INCLUDE: "Suggest to stop forwarding traffic from source and remove source record. If
    /// there are no more source records for the group, delete group record." `true`: the group
    /// has no source left.
    Deleted { group_empty: bool },
    /// EXCLUDE: "Suggest to not forward traffic from source (DO NOT remove record)".
    Blocked,
}

/// RFC 3376 §6.3: a source timer expired.
pub fn source_timer_expired<T: Time, R: Record<T> + ?Sized>(r: &mut R, s: IpAddr) -> SourceExpiry {
    match r.mode() {
        FilterMode::Include => {
            r.delete_source(s);
            SourceExpiry::Deleted {
                group_empty: r.sources().is_empty(),
            }
        }
        FilterMode::Exclude => {
            r.set_source(s, T::default());
            SourceExpiry::Blocked
        }
    }
}

/// RFC 3376 §7.3.2's Group Compatibility Mode from the Older Version Host Present timers:
/// "IGMPv1: IGMPv1 Host Present running; IGMPv2: IGMPv2 Host Present running and IGMPv1 Host
/// Present not running; IGMPv3 (default): neither". A router configured for an older version
/// (`configured`) never runs above it.
pub fn compat_mode(v1_host_present: bool, v2_host_present: bool, configured: u8) -> u8 {
    let heard = if v1_host_present {
        1
    } else if v2_host_present {
        2
    } else {
        3
    };
    heard.min(configured.clamp(1, 3))
}

/// RFC 3376 §7.3.2: what a router in `compat` mode does with a v3 record. "When Group
/// Compatibility Mode is IGMPv2 … IGMPv3 BLOCK messages are ignored, as are source-lists in
/// TO_EX() messages (i.e., any TO_EX() message is treated as TO_EX( {} ))." In IGMPv1 mode,
/// "IGMPv2 Leave messages and IGMPv3 TO_IN() messages are also ignored." `None`: ignored.
pub fn translate(compat: u8, record: RecordType, b: &Set) -> Option<(RecordType, Set)> {
    match (compat, record) {
        (1 | 2, RecordType::Block) | (1, RecordType::ToIn) => None,
        (1 | 2, RecordType::ToEx) => Some((RecordType::ToEx, Set::new())),
        _ => Some((record, b.clone())),
    }
}

/// An IGMPv1 or IGMPv2 message as the v3 record it stands for (RFC 3376 §7.3.2: "Report →
/// IS_EX( {} )", "Leave → TO_IN( {} )"). The Leave then goes through [`translate`], which
/// ignores it in IGMPv1 mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OlderMessage {
    V1Report,
    V2Report,
    Leave,
}

impl OlderMessage {
    pub fn equivalent(self) -> RecordType {
        match self {
            OlderMessage::V1Report | OlderMessage::V2Report => RecordType::IsEx,
            OlderMessage::Leave => RecordType::ToIn,
        }
    }
}

#[cfg(test)]
mod tests;
