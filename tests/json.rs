//! The JSON reader (src/json.rs) against serde_json, the outside witness: the same values from
//! the same texts, and the same texts refused.
#![cfg(not(target_arch = "wasm32"))]

use igmpwb::json::{self, Kind, Value};
use proptest::prelude::*;

/// Our value as serde_json's, to compare: whole numbers as u64 or i64 when they fit, others by
/// their f64 (`Value::as_f64`: `num::decimal`, exact for the numbers people write and within a
/// few units in the last place for 17-digit ones; serde_json's own reader is not always
/// correctly rounded either: it reads the text it wrote for -4.477461379520083e298 as …082e298;
/// hence `same`'s tolerance).
fn to_serde(v: &Value) -> serde_json::Value {
    match &v.kind {
        Kind::Null => serde_json::Value::Null,
        Kind::Bool(b) => serde_json::Value::Bool(*b),
        Kind::Number(n) => match (n.parse::<u64>(), n.parse::<i64>()) {
            (Ok(u), _) => serde_json::json!(u),
            (_, Ok(i)) => serde_json::json!(i),
            _ => v
                .as_f64()
                .map_or(serde_json::Value::Null, |f| serde_json::json!(f)),
        },
        Kind::String(s) => serde_json::Value::String(s.clone()),
        Kind::Array(a) => serde_json::Value::Array(a.iter().map(to_serde).collect()),
        Kind::Object(m) => {
            serde_json::Value::Object(m.iter().map(|(k, v)| (k.clone(), to_serde(v))).collect())
        }
    }
}

/// Equal, numbers with a fraction within serde_json's own reading error (its default parser
/// can be one unit in the last place off).
fn same(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value as V;
    match (a, b) {
        (V::Number(x), V::Number(y)) if x.is_f64() || y.is_f64() => {
            let (x, y) = (
                x.as_f64().unwrap_or(f64::NAN),
                y.as_f64().unwrap_or(f64::NAN),
            );
            x == y || (x - y).abs() <= x.abs().max(y.abs()) * 1e-15
        }
        (V::Array(x), V::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (V::Object(x), V::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

fn leaf() -> impl Strategy<Value = serde_json::Value> {
    prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        any::<i64>().prop_map(|n| serde_json::json!(n)),
        any::<u64>().prop_map(|n| serde_json::json!(n)),
        (-1e300f64..1e300).prop_map(|n| serde_json::json!(n)),
        // Any characters: quotes, backslashes, controls, surrogate pairs' characters.
        any::<String>().prop_map(serde_json::Value::String),
    ]
}

fn value() -> impl Strategy<Value = serde_json::Value> {
    leaf().prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(serde_json::Value::Array),
            prop::collection::btree_map(any::<String>(), inner, 0..8)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Whatever serde_json writes, compact or pretty, reads back as the same value.
    #[test]
    fn reads_what_serde_json_writes(v in value()) {
        for text in [serde_json::to_string(&v).unwrap(), serde_json::to_string_pretty(&v).unwrap()] {
            let ours = json::parse(&text).map_err(|e| TestCaseError::fail(format!("{e}: {text}")))?;
            prop_assert!(same(&to_serde(&ours), &v), "{:?} / {:?}", to_serde(&ours), v);
        }
    }

    /// A text with one byte changed: refused exactly when serde_json refuses it, and on the
    /// same line (serde_json reads a repeated name's last value where this reader refuses it,
    /// and refuses numbers beyond f64 that this reader keeps as text: those are left out).
    #[test]
    fn refuses_what_serde_json_refuses(v in value(), at in any::<prop::sample::Index>(), byte in prop::sample::select(b"{}[],:\"\\ntfu0-.eE 1\x01/".to_vec())) {
        let mut text = serde_json::to_string_pretty(&v).unwrap().into_bytes();
        let i = at.index(text.len());
        text[i] = byte;
        let Ok(text) = String::from_utf8(text) else { return Ok(()) };
        let theirs = serde_json::from_str::<serde_json::Value>(&text);
        let ours = json::parse(&text);
        match (&theirs, &ours) {
            (Ok(_), Err(e)) if matches!(e.problem, json::Problem::DuplicateField(_)) => {}
            (Err(e), _) if e.to_string().contains("number out of range") => {}
            (Ok(t), Ok(o)) => prop_assert!(same(&to_serde(o), t), "{:?} / {:?}", o, t),
            // serde_json names the place after the character it read: a raw line break in a
            // string is "line + 1, column 0" there, the break's own place here.
            (Err(t), Err(o)) => {
                let line = if t.column() == 0 { t.line() - 1 } else { t.line() };
                prop_assert_eq!(line, o.line, "{} / {}", t, o);
            }
            _ => prop_assert!(false, "serde_json {:?}, ours {:?}: {:?}", theirs.map(|_| ()), ours.map(|_| ()), text),
        }
    }
}

#[test]
fn errors_name_the_line_and_column() {
    let text = "{\n  \"a\": [1, 2,,]\n}";
    let e = json::parse(text).unwrap_err();
    let theirs = serde_json::from_str::<serde_json::Value>(text).unwrap_err();
    assert_eq!(
        (e.line, e.column),
        (theirs.line(), theirs.column()),
        "{e} / {theirs}"
    );
    assert_eq!(e.to_string(), "expected value at line 2 column 14");
    let e = json::parse("{\"a\": 1, \"a\": 2}").unwrap_err();
    assert_eq!(e.problem, json::Problem::DuplicateField("a".into()));
    assert_eq!((e.line, e.column), (1, 10));
    // Columns count characters, not bytes.
    let e = json::parse("[\"グループ\" x]").unwrap_err();
    assert_eq!((e.line, e.column), (1, 9), "{e}");
    assert!(json::parse("").is_err());
    assert!(json::parse("[1] 2").is_err());
    assert!(json::parse("\"\\ud800\"").is_err(), "a lone surrogate");
    assert_eq!(
        json::parse("\"\\ud83d\\ude00\"").unwrap().as_str(),
        Some("😀")
    );
}

#[test]
fn numbers_are_read_exactly_as_asked() {
    let v = json::parse("[18446744073709551615, 1.5, -0, 1e400, 007]");
    assert!(v.is_err(), "a leading zero is not JSON");
    let v = json::parse("[18446744073709551615, 1.5, -0, 1e400]").unwrap();
    let a = v.as_array().unwrap();
    assert_eq!(a[0].as_u64(), Some(u64::MAX), "a u64 seed is kept whole");
    assert_eq!(a[1].as_u64(), None);
    assert_eq!(a[1].as_f64(), Some(1.5));
    assert_eq!(a[2].as_f64(), Some(0.0));
    assert_eq!(a[3].as_f64(), None, "beyond f64");
}

#[test]
fn nesting_is_bounded_as_serde_json_bounds_it() {
    for depth in [127, 128, 129, 100_000] {
        let text = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        assert_eq!(
            json::parse(&text).is_ok(),
            serde_json::from_str::<serde_json::Value>(&text).is_ok(),
            "{depth} levels"
        );
    }
}

#[test]
fn values_know_where_they_start() {
    let text = "{\"nodes\": [\n  {\"name\": \"R1\"}\n]}";
    let v = json::parse(text).unwrap();
    let node = &v.get("nodes").unwrap().as_array().unwrap()[0];
    assert_eq!(
        json::line_column(text, node.get("name").unwrap().at),
        (2, 12)
    );
    assert_eq!(node.get("name").unwrap().kind_name(), "a string");
}

// ---- Types read by hand over `json::Value`, against serde's derived readers (the witness). ----

use igmpwb::model::lesson::{self, Lesson};

/// A leaf that can stand where a member was: every kind, containers small (serde's derived
/// struct readers also take a list of the fields in order, `[]` for a struct whose every field
/// has a default: a form nobody writes, which ours refuses).
fn wrong_leaf() -> impl Strategy<Value = serde_json::Value> {
    prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        any::<i64>().prop_map(|n| serde_json::json!(n)),
        any::<u64>().prop_map(|n| serde_json::json!(n)),
        // Fractions serde_json's default float reader reads exactly (it can be one unit in the
        // last place off where ours, Rust's, is not).
        (-4000i32..4000).prop_map(|n| serde_json::json!(f64::from(n) / 4.0)),
        "[a-z0-9.:-]{0,12}".prop_map(serde_json::Value::String),
        Just(serde_json::json!("239.1.1.1")),
        Just(serde_json::json!("next")),
        Just(serde_json::json!([1])),
        Just(serde_json::json!({})),
    ]
}

/// Every object member reachable in `v`, as paths.
fn paths(v: &serde_json::Value, at: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, w) in m {
                at.push(k.clone());
                out.push(at.clone());
                paths(w, at, out);
                at.pop();
            }
        }
        serde_json::Value::Array(a) => {
            for (i, w) in a.iter().enumerate() {
                at.push(i.to_string());
                paths(w, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

fn at_path<'a>(v: &'a mut serde_json::Value, path: &[String]) -> Option<&'a mut serde_json::Value> {
    path.iter().try_fold(v, |v, k| match v {
        serde_json::Value::Object(m) => m.get_mut(k),
        serde_json::Value::Array(a) => k.parse::<usize>().ok().and_then(|i| a.get_mut(i)),
        _ => None,
    })
}

/// A text with one member of `v` removed, replaced, or beside an unknown one.
fn mutated(
    mut v: serde_json::Value,
    which: prop::sample::Index,
    how: u8,
    leaf: serde_json::Value,
) -> String {
    let mut all = Vec::new();
    paths(&v, &mut Vec::new(), &mut all);
    if !all.is_empty() {
        let path = &all[which.index(all.len())];
        let (last, parent) = path.split_last().unwrap_or((&all[0][0], &[]));
        if let Some(serde_json::Value::Object(m)) = at_path(&mut v, parent) {
            match how % 3 {
                0 => drop(m.remove(last)),
                1 => drop(m.insert(last.clone(), leaf)),
                _ => drop(m.insert("unknown".into(), leaf)),
            }
        }
    }
    v.to_string()
}

/// The shipped lessons, and steps of every kind.
fn lesson_value() -> impl Strategy<Value = serde_json::Value> {
    let shipped = lesson::builtins();
    prop::sample::select(shipped)
        .prop_map(|l| serde_json::to_value(&l).unwrap_or(serde_json::Value::Null))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    /// A lesson's JSON, whole or with a member removed, wrong or unknown: our reader and serde's
    /// accept the same texts and read the same lessons.
    #[test]
    fn lessons_read_as_serde_reads_them(
        v in lesson_value(),
        which in any::<prop::sample::Index>(),
        how in any::<u8>(),
        leaf in wrong_leaf(),
    ) {
        let text = mutated(v, which, how, leaf);
        agree(&text, json::read(&text, Lesson::read), serde_json::from_str::<Lesson>(&text))?;
    }
}

#[test]
fn the_shipped_lessons_read_as_serde_reads_them() {
    let text = include_str!("../src/model/lessons.json");
    let theirs: Vec<Lesson> = serde_json::from_str(text).unwrap();
    assert_eq!(lesson::builtins(), theirs);
    assert_eq!(theirs.len(), 7);
}

#[test]
fn a_wrong_member_is_named_with_its_line_and_column() {
    let text = "{\"name\": \"x\",\n \"title\": {\"en\": \"a\", \"ja\": 1},\n \"steps\": []}";
    let e = json::read(text, Lesson::read).unwrap_err();
    assert_eq!((e.line, e.column), (2, 29), "{e}");
    assert_eq!(e.problem.to_string(), "expected a string, found a number");
    let e = lesson::from_json("{\"name\": \"x\", \"title\": {\"en\": \"a\", \"ja\": \"b\"},\n  \"steps\": [{\"goal\": {\"en\": \"a\", \"ja\": \"b\"}, \"mac\": \"239.1.1\"}]}").unwrap_err();
    assert!(e.en.starts_with("Lesson JSON, line 2, column "), "{}", e.en);
    assert!(
        e.en.contains("\"239.1.1\" is not an IPv4 address"),
        "{}",
        e.en
    );
}

fn scenario_value() -> impl Strategy<Value = serde_json::Value> {
    prop::sample::select(igmpwb::sim::builtin::NAMES.to_vec()).prop_map(|name| {
        igmpwb::sim::builtin::get(name)
            .and_then(|s| serde_json::to_value(&s).ok())
            .unwrap_or(serde_json::Value::Null)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]
    /// A built-in scenario's JSON, whole or with a member removed, wrong or unknown: our reader
    /// and serde's accept the same texts and read the same scenarios.
    #[test]
    fn scenarios_read_as_serde_reads_them(
        v in scenario_value(),
        which in any::<prop::sample::Index>(),
        how in any::<u8>(),
        leaf in wrong_leaf(),
    ) {
        use igmpwb::sim::Scenario;
        let text = mutated(v, which, how, leaf);
        agree(&text, Scenario::read(&text), serde_json::from_str::<Scenario>(&text))?;
    }
}

/// Frames of every link and message kind: the Builder's presets, and some of them over a VLAN
/// tag, a Linux cooked header or raw IPv4, with a raw IGMP message.
fn frame_value() -> impl Strategy<Value = serde_json::Value> {
    use igmpwb::codec::spec::{Derived, IgmpSpec, LinkSpec, MacAddr, VlanTag};
    let mut frames: Vec<_> = igmpwb::model::builder::MESSAGES
        .iter()
        .filter_map(|(kind, _, _)| igmpwb::model::builder::preset(kind))
        .collect();
    let mut more = frames.clone();
    for (i, f) in more.iter_mut().enumerate() {
        f.link = match i % 4 {
            0 => LinkSpec::Ethernet {
                dst: Derived::Raw(MacAddr([1, 0, 0x5e, 1, 2, 3])),
                src: MacAddr([2, 0, 0, 0, 0, 1]),
                vlans: vec![VlanTag {
                    tpid: 0x8100,
                    tci: 5,
                }],
                ethertype: Derived::Raw(0x0800),
            },
            1 => LinkSpec::RawIpv4,
            2 => LinkSpec::Sll {
                header: vec![0; 16],
            },
            _ => LinkSpec::Sll2 {
                header: vec![1; 20],
            },
        };
        f.ip.checksum = Derived::Raw(0x1234);
        f.ip.dst = Derived::Raw(
            "239.1.1.1"
                .parse()
                .unwrap_or(std::net::Ipv4Addr::UNSPECIFIED),
        );
        f.trailer = vec![0, 1];
        if i % 3 == 0 {
            f.igmp = IgmpSpec::Raw {
                msg_type: 0x13,
                code: 1,
                checksum: Derived::Auto,
                body: vec![9, 9],
            };
        }
    }
    frames.extend(more);
    prop::sample::select(frames)
        .prop_map(|f| serde_json::to_value(&f).unwrap_or(serde_json::Value::Null))
}

/// Both readers' answers: equal values, or both refused for the same kind of reason.
fn agree<T: PartialEq + std::fmt::Debug>(
    text: &str,
    ours: Result<T, json::JsonError>,
    theirs: Result<T, serde_json::Error>,
) -> Result<(), TestCaseError> {
    match (&ours, &theirs) {
        (Ok(a), Ok(b)) => prop_assert_eq!(a, b),
        (Err(a), Err(b)) => {
            let kind = |s: &str| {
                if s.starts_with("missing field") {
                    s.to_string()
                } else if s.starts_with("unknown variant") {
                    "unknown".into()
                } else {
                    "other".into()
                }
            };
            let b = b.to_string();
            let b_problem = b.rsplit_once(" at line ").map_or(b.as_str(), |(m, _)| m);
            prop_assert_eq!(
                kind(&a.problem.to_string()),
                kind(b_problem),
                "{} / {}",
                a,
                b
            );
        }
        _ => prop_assert!(false, "{text}: ours {ours:?}, serde's {theirs:?}"),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]
    /// A frame spec's JSON (a share link's), whole or with a member removed, wrong or unknown:
    /// our reader and serde's accept the same texts and read the same frames.
    #[test]
    fn frame_specs_read_as_serde_reads_them(
        v in frame_value(),
        which in any::<prop::sample::Index>(),
        how in any::<u8>(),
        leaf in wrong_leaf(),
    ) {
        use igmpwb::codec::spec::FrameSpec;
        let text = mutated(v, which, how, leaf);
        agree(&text, json::read(&text, FrameSpec::read), serde_json::from_str::<FrameSpec>(&text))?;
    }

    /// The Builder's memory (localStorage): the same.
    #[test]
    fn builder_memory_reads_as_serde_reads_it(
        v in frame_value(),
        which in any::<prop::sample::Index>(),
        how in any::<u8>(),
        leaf in wrong_leaf(),
        mld in any::<bool>(),
    ) {
        use igmpwb::model::builder_ui::Memory;
        let memory = serde_json::json!({
            "kind": "v3-report",
            "spec": v,
            "list": [[1, 2, 3], []],
            "mld": if mld { serde_json::json!("mld2-report\n") } else { serde_json::Value::Null },
        });
        let text = mutated(memory, which, how, leaf);
        agree(&text, Memory::read(&text), serde_json::from_str::<Memory>(&text))?;
    }
}
