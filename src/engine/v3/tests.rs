//! Every row of RFC 3376 §6.4.1 and §6.4.2, every action, and §6.5, §6.6.1, §6.6.3, §7.3.2,
//! on a record whose timers are plain numbers (seconds left).

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr};

use super::*;
use crate::engine::FilterMode::{Exclude, Include};
use crate::engine::RecordType::{Allow, Block, IsEx, IsIn, ToEx, ToIn};

#[derive(Clone, Debug, PartialEq, Eq)]
struct Rec {
    mode: FilterMode,
    sources: BTreeMap<IpAddr, u64>,
    group: u64,
}

impl Record<u64> for Rec {
    fn mode(&self) -> FilterMode {
        self.mode
    }
    fn set_mode(&mut self, mode: FilterMode) {
        self.mode = mode;
    }
    fn sources(&self) -> Set {
        self.sources.keys().copied().collect()
    }
    fn source_left(&self, s: IpAddr) -> u64 {
        self.sources.get(&s).copied().unwrap_or(0)
    }
    fn set_source(&mut self, s: IpAddr, left: u64) {
        self.sources.insert(s, left);
    }
    fn delete_source(&mut self, s: IpAddr) {
        self.sources.remove(&s);
    }
    fn group_left(&self) -> u64 {
        self.group
    }
    fn set_group(&mut self, left: u64) {
        self.group = left;
    }
}

const GMI: u64 = 260;
const LMQT: u64 = 2;

fn s(n: u8) -> IpAddr {
    IpAddr::V4(Ipv4Addr::new(10, 9, 9, n))
}
fn set(ns: &[u8]) -> Set {
    ns.iter().map(|n| s(*n)).collect()
}
/// INCLUDE with these sources, each with `left` s.
fn include(srcs: &[(u8, u64)]) -> Rec {
    Rec {
        mode: Include,
        sources: srcs.iter().map(|(n, t)| (s(*n), *t)).collect(),
        group: 0,
    }
}
/// EXCLUDE: X with their timers, Y at zero, the group timer.
fn exclude(x: &[(u8, u64)], y: &[u8], group: u64) -> Rec {
    let mut sources: BTreeMap<IpAddr, u64> = x.iter().map(|(n, t)| (s(*n), *t)).collect();
    sources.extend(y.iter().map(|n| (s(*n), 0)));
    Rec {
        mode: Exclude,
        sources,
        group,
    }
}

fn run(mut r: Rec, t: RecordType, b: &[u8]) -> (Rec, Transition) {
    let tr = apply(&mut r, t, &set(b), GMI).expect("a defined record type");
    (r, tr)
}

// ----- §6.4.1 --------------------------------------------------------------------------------

#[test]
fn include_is_in_adds_b_with_gmi() {
    // INCLUDE (A) IS_IN (B) → INCLUDE (A+B); (B)=GMI. A = {1,2}, B = {2,3}.
    let (r, tr) = run(include(&[(1, 50), (2, 50)]), IsIn, &[2, 3]);
    assert_eq!(r, include(&[(1, 50), (2, GMI), (3, GMI)]));
    assert_eq!((tr.row, tr.query_group), (Row::IncludeIsIn, false));
    assert!(tr.query_sources.is_empty());
}

#[test]
fn include_is_ex_switches_to_exclude() {
    // INCLUDE (A) IS_EX (B) → EXCLUDE (A*B, B-A); (B-A)=0; Delete (A-B); GT=GMI.
    let (r, tr) = run(include(&[(1, 50), (2, 50)]), IsEx, &[2, 3]);
    assert_eq!(r, exclude(&[(2, 50)], &[3], GMI));
    assert_eq!(tr.deleted, set(&[1]));
    assert_eq!(
        (tr.row, tr.from, tr.to),
        (Row::IncludeIsEx, Include, Exclude)
    );
    assert!(tr.query_sources.is_empty() && !tr.query_group);
}

#[test]
fn exclude_is_in_moves_a_to_x() {
    // EXCLUDE (X,Y) IS_IN (A) → EXCLUDE (X+A, Y-A); (A)=GMI. X = {1}, Y = {2}, A = {2,3}.
    let (r, tr) = run(exclude(&[(1, 50)], &[2], 100), IsIn, &[2, 3]);
    assert_eq!(r, exclude(&[(1, 50), (2, GMI), (3, GMI)], &[], 100));
    assert_eq!(tr.row, Row::ExcludeIsIn);
    assert!(tr.query_sources.is_empty() && !tr.query_group);
}

#[test]
fn exclude_is_ex_keeps_a() {
    // EXCLUDE (X,Y) IS_EX (A) → EXCLUDE (A-Y, Y*A); (A-X-Y)=GMI; Delete (X-A); Delete (Y-A);
    // GT=GMI. X = {1,2}, Y = {3,4}, A = {2,3,5}.
    let (r, tr) = run(exclude(&[(1, 50), (2, 50)], &[3, 4], 100), IsEx, &[2, 3, 5]);
    assert_eq!(r, exclude(&[(2, 50), (5, GMI)], &[3], GMI));
    assert_eq!(tr.deleted, set(&[1, 4]));
    assert_eq!(tr.row, Row::ExcludeIsEx);
}

// ----- §6.4.2 --------------------------------------------------------------------------------

#[test]
fn include_allow_adds_b_with_gmi() {
    let (r, tr) = run(include(&[(1, 50)]), Allow, &[2]);
    assert_eq!(r, include(&[(1, 50), (2, GMI)]));
    assert_eq!(tr.row, Row::IncludeAllow);
}

#[test]
fn include_block_owes_a_query_for_the_blocked_sources_it_has() {
    // INCLUDE (A) BLOCK (B) → INCLUDE (A); Send Q(G,A*B).
    let (r, tr) = run(include(&[(1, 50), (2, 50)]), Block, &[2, 3]);
    assert_eq!(
        r,
        include(&[(1, 50), (2, 50)]),
        "no timer changes by the row"
    );
    assert_eq!(tr.query_sources, set(&[2]));
    assert!(!tr.query_group);
    assert_eq!(tr.row, Row::IncludeBlock);
}

#[test]
fn include_to_ex_switches_and_owes_a_query() {
    // INCLUDE (A) TO_EX (B) → EXCLUDE (A*B, B-A); (B-A)=0; Delete (A-B); Send Q(G,A*B); GT=GMI.
    let (r, tr) = run(include(&[(1, 50), (2, 50)]), ToEx, &[2, 3]);
    assert_eq!(r, exclude(&[(2, 50)], &[3], GMI));
    assert_eq!(tr.query_sources, set(&[2]));
    assert_eq!(tr.deleted, set(&[1]));
    assert_eq!(tr.row, Row::IncludeToEx);
}

#[test]
fn include_to_in_adds_b_and_owes_a_query_for_the_rest() {
    // INCLUDE (A) TO_IN (B) → INCLUDE (A+B); (B)=GMI; Send Q(G,A-B).
    let (r, tr) = run(include(&[(1, 50), (2, 50)]), ToIn, &[2, 3]);
    assert_eq!(r, include(&[(1, 50), (2, GMI), (3, GMI)]));
    assert_eq!(tr.query_sources, set(&[1]));
    assert!(!tr.query_group);
    assert_eq!(tr.row, Row::IncludeToIn);
}

#[test]
fn exclude_allow_moves_a_to_x() {
    let (r, tr) = run(exclude(&[(1, 50)], &[2], 100), Allow, &[2, 3]);
    assert_eq!(r, exclude(&[(1, 50), (2, GMI), (3, GMI)], &[], 100));
    assert_eq!(tr.row, Row::ExcludeAllow);
    assert!(tr.query_sources.is_empty());
}

#[test]
fn exclude_block_adds_new_sources_with_the_group_timer() {
    // EXCLUDE (X,Y) BLOCK (A) → EXCLUDE (X+(A-Y), Y); (A-X-Y)=Group Timer; Send Q(G,A-Y).
    // X = {1}, Y = {2}, A = {1,2,3}.
    let (r, tr) = run(exclude(&[(1, 50)], &[2], 100), Block, &[1, 2, 3]);
    assert_eq!(r, exclude(&[(1, 50), (3, 100)], &[2], 100));
    assert_eq!(tr.query_sources, set(&[1, 3]));
    assert_eq!(tr.row, Row::ExcludeBlock);
}

#[test]
fn exclude_to_ex_keeps_a_and_owes_a_query() {
    // EXCLUDE (X,Y) TO_EX (A) → EXCLUDE (A-Y, Y*A); (A-X-Y)=Group Timer; Delete (X-A);
    // Delete (Y-A); Send Q(G,A-Y); GT=GMI. X = {1,2}, Y = {3,4}, A = {2,3,5}.
    let (r, tr) = run(exclude(&[(1, 50), (2, 50)], &[3, 4], 100), ToEx, &[2, 3, 5]);
    assert_eq!(r, exclude(&[(2, 50), (5, 100)], &[3], GMI));
    assert_eq!(tr.query_sources, set(&[2, 5]));
    assert_eq!(tr.deleted, set(&[1, 4]));
    assert_eq!(tr.row, Row::ExcludeToEx);
}

#[test]
fn exclude_to_in_owes_both_queries() {
    // EXCLUDE (X,Y) TO_IN (A) → EXCLUDE (X+A, Y-A); (A)=GMI; Send Q(G,X-A); Send Q(G).
    let (r, tr) = run(exclude(&[(1, 50), (2, 50)], &[3], 100), ToIn, &[2, 3]);
    assert_eq!(r, exclude(&[(1, 50), (2, GMI), (3, GMI)], &[], 100));
    assert_eq!(tr.query_sources, set(&[1]));
    assert!(tr.query_group);
    assert_eq!(tr.row, Row::ExcludeToIn);
}

#[test]
fn an_unknown_record_type_changes_nothing() {
    let mut r = include(&[(1, 50)]);
    assert_eq!(apply(&mut r, RecordType::Unknown(9), &set(&[1]), GMI), None);
    assert_eq!(r, include(&[(1, 50)]));
}

#[test]
fn every_row_is_reached_and_named_in_its_section() {
    let mut seen = Vec::new();
    for start in [include(&[(1, 50)]), exclude(&[(1, 50)], &[2], 100)] {
        for t in RecordType::ALL {
            let (_, tr) = run(start.clone(), t, &[1]);
            assert!(tr.row.rule().contains(t.short()), "{:?}", tr.row);
            let current = t.is_current_state();
            assert_eq!(tr.row.section().ends_with("6.4.1"), current);
            seen.push(tr.row);
        }
    }
    seen.dedup();
    assert_eq!(seen.len(), 12);
}

// ----- §6.5, §6.3 ----------------------------------------------------------------------------

#[test]
fn group_timer_expiry_deletes_or_returns_to_include() {
    let mut r = exclude(&[], &[2], 0);
    assert_eq!(group_timer_expired(&mut r), GroupExpiry::Deleted);
    let mut r = exclude(&[(1, 30)], &[2], 0);
    assert_eq!(
        group_timer_expired(&mut r),
        GroupExpiry::ToInclude(set(&[1]))
    );
    assert_eq!(r.mode, Include);
    assert_eq!(r.sources(), set(&[1]), "Y is deleted");
    let mut r = include(&[(1, 30)]);
    assert_eq!(group_timer_expired(&mut r), GroupExpiry::Nothing);
}

#[test]
fn source_timer_expiry_deletes_in_include_and_blocks_in_exclude() {
    let mut r = include(&[(1, 0), (2, 30)]);
    assert_eq!(
        source_timer_expired(&mut r, s(1)),
        SourceExpiry::Deleted { group_empty: false }
    );
    assert_eq!(
        source_timer_expired(&mut r, s(2)),
        SourceExpiry::Deleted { group_empty: true }
    );
    let mut r = exclude(&[(1, 0)], &[], 100);
    assert_eq!(source_timer_expired(&mut r, s(1)), SourceExpiry::Blocked);
    assert_eq!(r.sources(), set(&[1]), "the record stays");
}

// ----- §6.6.1, §6.6.3 ------------------------------------------------------------------------

#[test]
fn a_query_heard_lowers_timers_above_lmqt_only() {
    let mut r = exclude(&[(1, 50), (2, 1)], &[], 100);
    assert!(lower_on_query(&mut r, &[s(1), s(2), s(3)], LMQT));
    assert_eq!(
        r,
        exclude(&[(1, LMQT), (2, 1)], &[], 100),
        "s3 unknown: not added"
    );
    assert!(!lower_on_query(&mut r, &[s(1)], LMQT), "already at LMQT");
    assert!(lower_on_query(&mut r, &[], LMQT));
    assert_eq!(r.group, LMQT);
}

#[test]
fn send_q_sources_arms_only_sources_above_lmqt() {
    // §6.6.3.2: a repeated BLOCK for sources already lowered arms nothing new.
    let mut r = include(&[(1, 50), (2, LMQT), (3, 1)]);
    assert_eq!(send_q_sources(&mut r, &set(&[1, 2, 3]), LMQT), set(&[1]));
    assert_eq!(r.source_left(s(1)), LMQT);
    assert!(send_q_sources(&mut r, &set(&[1, 2, 3]), LMQT).is_empty());
}

#[test]
fn send_q_group_lowers_the_group_timer() {
    let mut r = exclude(&[], &[], GMI);
    send_q_group(&mut r, LMQT);
    assert_eq!(r.group, LMQT);
    assert!(suppress(GMI, LMQT) && !suppress(LMQT, LMQT));
}

// ----- §7.3.2 --------------------------------------------------------------------------------

#[test]
fn compatibility_mode_is_the_oldest_host_heard() {
    assert_eq!(compat_mode(false, false, 3), 3);
    assert_eq!(compat_mode(false, true, 3), 2);
    assert_eq!(compat_mode(true, true, 3), 1);
    assert_eq!(compat_mode(true, false, 3), 1);
    assert_eq!(compat_mode(false, false, 2), 2, "a v2 router stays in v2");
}

#[test]
fn older_modes_translate_and_ignore_records() {
    let b = set(&[1]);
    // IGMPv2 mode: BLOCK ignored, TO_EX(x) → TO_EX({}).
    assert_eq!(translate(2, Block, &b), None);
    assert_eq!(translate(2, ToEx, &b), Some((ToEx, Set::new())));
    assert_eq!(translate(2, ToIn, &b), Some((ToIn, b.clone())));
    // IGMPv1 mode: TO_IN (so a Leave) ignored too.
    assert_eq!(translate(1, ToIn, &Set::new()), None);
    assert_eq!(translate(1, Block, &b), None);
    assert_eq!(translate(1, IsEx, &Set::new()), Some((IsEx, Set::new())));
    // IGMPv3 mode: as is.
    for t in RecordType::ALL {
        assert_eq!(translate(3, t, &b), Some((t, b.clone())));
    }
    assert_eq!(OlderMessage::V1Report.equivalent(), IsEx);
    assert_eq!(OlderMessage::V2Report.equivalent(), IsEx);
    assert_eq!(OlderMessage::Leave.equivalent(), ToIn);
}
