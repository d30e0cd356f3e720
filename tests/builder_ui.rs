//! The Builder screen's reducer (#29, #31: `model::builder_ui`): what each control does, checked
//! natively.

use igmpwb::codec::{self, LinkType};
use igmpwb::model::builder::SetError;
use igmpwb::model::builder_ui::{Action, BuilderUi, Problem, FIRST};

fn group_of(ui: &BuilderUi) -> Option<std::net::Ipv4Addr> {
    codec::dissect(LinkType::Ethernet, &ui.bytes()).info.group
}

#[test]
fn the_builder_opens_on_a_valid_v2_report_and_reads_back_from_memory() {
    let ui = BuilderUi::default();
    assert_eq!(ui.kind, FIRST);
    let d = codec::dissect(LinkType::Ethernet, &ui.bytes());
    assert!(d.diagnostics.is_empty(), "{:?}", d.diagnostics);
    let json = serde_json::to_string(&ui.memory()).expect("json");
    let back = BuilderUi::from_memory(serde_json::from_str(&json).ok());
    assert_eq!(back.memory(), ui.memory());
}

#[test]
fn a_field_keeps_the_frame_valid_and_names_what_it_refused() {
    let mut ui = BuilderUi::default();
    ui.apply(Action::Set {
        id: "igmp.maddr".into(),
        text: "239.9.9.9".into(),
    });
    assert_eq!(group_of(&ui), Some("239.9.9.9".parse().unwrap()));
    let before = ui.spec.clone();
    ui.apply(Action::Set {
        id: "igmp.maddr".into(),
        text: "abc".into(),
    });
    assert_eq!(ui.spec, before, "the frame keeps the last valid value");
    assert_eq!(
        ui.field_error,
        Some((
            "igmp.maddr".into(),
            SetError::NotAnIpv4Address("abc".into())
        ))
    );
    let why = ui.field_error.as_ref().unwrap().1.text();
    assert!(why.en.contains("abc") && why.ja.contains("abc") && why.en != why.ja);
    // What was typed stays in its box beside the reason; the other boxes show the frame.
    assert_eq!(ui.shown("igmp.maddr", "239.9.9.9"), "abc");
    assert_eq!(ui.shown("ip.src", "192.0.2.10"), "192.0.2.10");
    // The next good value clears it.
    ui.apply(Action::Set {
        id: "igmp.maddr".into(),
        text: "２３９.１.２.３".into(),
    });
    assert_eq!(ui.field_error, None);
    assert_eq!(ui.shown("igmp.maddr", "239.1.2.3"), "239.1.2.3");
    assert_eq!(
        group_of(&ui),
        Some("239.1.2.3".parse().unwrap()),
        "full-width digits read as digits"
    );
    // Another message forgets a refused text: its field shows that message's value.
    ui.apply(Action::Set {
        id: "ip.src".into(),
        text: "abc".into(),
    });
    assert_eq!(ui.shown("ip.src", "192.0.2.10"), "abc");
    ui.apply(Action::Message("v3-report".into()));
    assert_eq!(
        (ui.shown("ip.src", "192.0.2.10"), &ui.field_error),
        ("192.0.2.10", &None)
    );
}

#[test]
fn a_time_that_cannot_be_encoded_says_what_it_became() {
    let mut ui = BuilderUi::default();
    ui.apply(Action::Message("no-such-message".into()));
    assert_eq!(ui.kind, FIRST, "a name that is no preset changes nothing");
    ui.apply(Action::Message("v3-query".into()));
    ui.apply(Action::Set {
        id: "igmp.max_resp".into(),
        text: "30".into(),
    });
    let (id, note) = ui.typed.clone().expect("a note on 30 s");
    assert_eq!(id, "igmp.max_resp");
    assert!(note.en.contains("28.8"), "{}", note.en);
    // Picking another message clears the note.
    ui.apply(Action::Message("v2-leave".into()));
    assert_eq!(ui.typed, None);
    assert_eq!(ui.kind, "v2-leave");
}

#[test]
fn the_record_form_adds_records_and_refuses_what_is_not_an_address() {
    let mut ui = BuilderUi::default();
    ui.apply(Action::Message("v3-report".into()));
    let n = ui.records().map_or(0, |r| r.len());
    ui.apply(Action::IntentGroup("239.1.1".into()));
    ui.apply(Action::AddIntent);
    assert_eq!(ui.problem, Some(Problem::IntentGroup("239.1.1".into())));
    assert_eq!(ui.records().map(|r| r.len()), Some(n), "nothing added");
    let text = ui.problem.as_ref().unwrap().text();
    assert!(
        text.en.contains("\"239.1.1\"") && text.ja.contains("グループアドレス"),
        "{text:?}"
    );
    ui.apply(Action::Intent("join-from".into()));
    ui.apply(Action::IntentGroup("２３２.１.１.１".into()));
    ui.apply(Action::IntentSources("10.0.0.1、10.0.0.2".into()));
    ui.apply(Action::AddIntent);
    assert_eq!(ui.problem, None);
    let records = ui.records().expect("records");
    assert_eq!(records.len(), n + 1);
    let added = records.last().unwrap();
    assert_eq!(added.group, "232.1.1.1");
    assert_eq!(added.sources, "10.0.0.1, 10.0.0.2");
    ui.apply(Action::IntentSources("10.0.0.1, nope".into()));
    ui.apply(Action::AddIntent);
    assert!(matches!(ui.problem, Some(Problem::IntentSources(_))));
    // A record's field that is not taken names the record, in both languages.
    ui.apply(Action::SetRecord {
        index: n,
        what: "group",
        text: "x".into(),
    });
    let p = ui.problem.clone().expect("refused");
    assert!(matches!(p, Problem::Record(k, SetError::NotAnIpv4Address(_)) if k == n + 1));
    assert_eq!(
        ui.shown(&BuilderUi::record_key(n, "group"), "232.1.1.1"),
        "x"
    );
    assert_eq!(ui.shown(&BuilderUi::record_key(n, "sources"), ""), "");
    assert!(
        p.text().en.starts_with(&format!("Record {}: ", n + 1)),
        "{}",
        p.text().en
    );
    assert!(
        p.text().ja.starts_with(&format!("レコード {}: ", n + 1)),
        "{}",
        p.text().ja
    );
    // Removing: out of range changes nothing; in range removes that one.
    let before = ui.spec.clone();
    ui.apply(Action::RemoveRecord(99));
    assert_eq!(ui.spec, before);
    assert_eq!(
        ui.shown(&BuilderUi::record_key(n, "group"), "232.1.1.1"),
        "x"
    );
    ui.apply(Action::RemoveRecord(n));
    assert_eq!(ui.records().map(|r| r.len()), Some(n));
    assert_eq!((&ui.problem, &ui.refused), (&None, &None));
}

#[test]
fn collected_frames_are_the_frames_shown() {
    let mut ui = BuilderUi::default();
    ui.apply(Action::Collect);
    ui.apply(Action::Message("v2-leave".into()));
    ui.apply(Action::Collect);
    assert_eq!(ui.list.len(), 2);
    assert_eq!(ui.list[1], ui.bytes());
    assert_ne!(ui.list[0], ui.list[1]);
}

#[test]
fn a_share_link_opens_its_frame_or_says_why_it_cannot() {
    let mut ui = BuilderUi::default();
    ui.open_shared("{ not json");
    assert!(matches!(ui.problem, Some(Problem::Shared(_))));
    assert_eq!(ui.kind, FIRST, "the frame shown is kept");
    let mut other = BuilderUi::default();
    other.apply(Action::Message("v1-query".into()));
    let json = serde_json::to_string(&other.spec).unwrap();
    ui.open_shared(&json);
    assert_eq!((ui.kind.as_str(), &ui.spec), ("shared", &other.spec));
    assert_eq!(ui.problem, None);
}

/// MLD in the Builder (#30): an MLD message picked from the same list, its fields edited, the
/// frame kept across a reload and in a share link, and an IGMP message picked back.
#[test]
fn an_mld_done_is_built_edited_kept_and_shared() {
    let mut ui = BuilderUi::default();
    ui.apply(Action::Message("mld1-done".into()));
    assert_eq!(ui.kind, "mld1-done");
    let d = codec::dissect(LinkType::Ethernet, &ui.bytes());
    assert!(d.diagnostics.is_empty(), "{:?}", d.diagnostics);
    let value = |ui: &BuilderUi, id: &str| {
        ui.fields()
            .into_iter()
            .find(|f| f.id == id)
            .map(|f| f.value)
            .unwrap_or_default()
    };
    assert_eq!(value(&ui, "ipv6.dst"), "ff02::2");
    assert_eq!(value(&ui, "icmpv6.type"), "132");
    assert!(ui.records().is_none());
    ui.apply(Action::Set {
        id: "ipv6.hlim".into(),
        text: "64".into(),
    });
    let d = codec::dissect(LinkType::Ethernet, &ui.bytes());
    let codes: Vec<_> = d.diagnostics.iter().map(|x| x.code()).collect();
    assert_eq!(codes, ["mld.hop_limit_not_1"]);
    // Refused with the reason, the frame kept.
    let before = ui.bytes();
    ui.apply(Action::Set {
        id: "icmpv6.mld.multicast_address".into(),
        text: "239.1.1.1".into(),
    });
    assert_eq!(
        ui.field_error,
        Some((
            "icmpv6.mld.multicast_address".into(),
            SetError::NotAnIpv6Address("239.1.1.1".into())
        ))
    );
    assert_eq!(ui.bytes(), before);
    // A reload, and a share link, give the same frame.
    let json = serde_json::to_string(&ui.memory()).expect("json");
    let back = BuilderUi::from_memory(serde_json::from_str(&json).ok());
    assert_eq!(back.bytes(), ui.bytes());
    let mut shared = BuilderUi::default();
    shared.open_shared(&ui.spec_json());
    assert_eq!(
        (shared.kind.as_str(), shared.bytes()),
        ("shared", ui.bytes())
    );
    // Collected like any frame; an IGMP message picked back is IGMP again.
    ui.apply(Action::Collect);
    assert_eq!(ui.list, vec![ui.bytes()]);
    ui.apply(Action::Message("v2-leave".into()));
    assert!(ui.mld.is_none());
    assert_eq!(
        codec::dissect(LinkType::Ethernet, &ui.bytes()).info.group,
        Some("239.1.2.3".parse().unwrap())
    );
}

/// An MLDv2 report's records are edited in the form as an IGMPv3 report's are (#30): each row's
/// type, group, sources and aux data, the intents (RFC 3810 §6.1) and removal; what is refused
/// names the record and keeps the frame; the records survive a reload and a share link.
#[test]
fn an_mld2_reports_records_are_edited_added_removed_and_kept() {
    let mut ui = BuilderUi::default();
    ui.apply(Action::Message("mld2-report".into()));
    let groups = |ui: &BuilderUi| -> Vec<String> {
        let d = codec::dissect(LinkType::Ethernet, &ui.bytes());
        assert!(d.diagnostics.is_empty(), "{:?}", d.diagnostics);
        d.fields
            .iter()
            .filter(|f| f.id == "icmpv6.mldr.mar.multicast_address")
            .map(|f| f.value.en.clone())
            .collect()
    };
    let rows = ui.records().expect("an MLDv2 report has records");
    assert_eq!(
        groups(&ui),
        rows.iter().map(|r| r.group.clone()).collect::<Vec<_>>()
    );
    let n = rows.len();
    // A row's group and sources, typed (full-width digits and the Japanese comma read).
    ui.apply(Action::SetRecord {
        index: 0,
        what: "group",
        text: "ff3e::１".into(),
    });
    ui.apply(Action::SetRecord {
        index: 0,
        what: "sources",
        text: "2001:db8::1、2001:db8::2".into(),
    });
    assert_eq!(ui.problem, None);
    let r0 = &ui.records().unwrap()[0];
    assert_eq!(
        (r0.group.as_str(), r0.sources.as_str()),
        ("ff3e::1", "2001:db8::1, 2001:db8::2")
    );
    assert_eq!(groups(&ui)[0], "ff3e::1");
    // An IPv4 group is refused: the record named, the text kept in its box, the frame kept.
    let before = ui.bytes();
    ui.apply(Action::SetRecord {
        index: 0,
        what: "group",
        text: "239.1.1.1".into(),
    });
    assert!(matches!(
        ui.problem,
        Some(Problem::Record(1, SetError::NotAnIpv6Address(_)))
    ));
    assert_eq!(
        ui.shown(&BuilderUi::record_key(0, "group"), "ff3e::1"),
        "239.1.1.1"
    );
    assert_eq!(ui.bytes(), before);
    // The intents add records; a bad group says why in both languages.
    ui.apply(Action::Intent("join-from".into()));
    ui.apply(Action::IntentGroup("ff3e::8000:9".into()));
    ui.apply(Action::IntentSources("2001:db8::10".into()));
    ui.apply(Action::AddIntent);
    assert_eq!(ui.problem, None);
    assert_eq!(
        ui.shown(&BuilderUi::record_key(0, "group"), "ff3e::1"),
        "ff3e::1",
        "a refused text goes with its reason"
    );
    let added = ui.records().unwrap().last().cloned().unwrap();
    assert_eq!(
        (
            added.record_type,
            added.group.as_str(),
            added.sources.as_str()
        ),
        (5, "ff3e::8000:9", "2001:db8::10"),
        "ALLOW_NEW_SOURCES"
    );
    ui.apply(Action::IntentGroup("nope".into()));
    ui.apply(Action::AddIntent);
    let p = ui.problem.clone().expect("refused");
    assert!(p.text().en.contains("nope") && p.text().ja.contains("nope"));
    assert_eq!(ui.records().unwrap().len(), n + 1, "nothing added");
    // Kept across a reload and in a share link.
    let json = serde_json::to_string(&ui.memory()).expect("json");
    let back = BuilderUi::from_memory(serde_json::from_str(&json).ok());
    assert_eq!(back.bytes(), ui.bytes());
    let mut shared = BuilderUi::default();
    shared.open_shared(&ui.spec_json());
    assert_eq!(shared.bytes(), ui.bytes());
    // Removed: out of range nothing, else that one.
    ui.apply(Action::RemoveRecord(99));
    assert_eq!(ui.records().unwrap().len(), n + 1);
    ui.apply(Action::RemoveRecord(0));
    let rows = ui.records().unwrap();
    assert_eq!(rows.len(), n);
    assert_eq!(rows.last().unwrap().group, "ff3e::8000:9");
    assert_eq!(groups(&ui).len(), n);
}
