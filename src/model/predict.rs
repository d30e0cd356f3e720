//! Predict mode (#15, #28): before a step that sends a packet, the class is asked a question
//! about it. Every question is worked out from the trace and the frame's bytes, never typed
//! beside them, and asks only what the rules decide:
//!
//! - **Next**: what happens next (who sends what to where, or where a switch forwards it); the
//!   wrong choices are the mistakes the RFCs rule out (every member answers, the router stops at
//!   once, a Leave from a host that was not the last reporter, a switch that floods);
//! - **Forward**: out of which ports a snooping switch forwards what it receives (RFC 4541);
//! - **Record**: which group record an IGMPv3 report carries (RFC 3376 §5.1, §5.2);
//! - **State**: which state a router or host moves to when the packet reaches it;
//! - **Timer**: which interval a router sets a timer to when the packet reaches it (the group
//!   timer to GMI or LMQT, Other Querier Present to OQPI);
//! - **Answer**: who answers a group-specific query (report suppression, RFC 2236 §3, against
//!   IGMPv3's none, RFC 3376 §5.2).
//!
//! A packet a scenario scripts (a source's data) is not asked about: nothing in the rules says
//! when it comes. The kinds take turns from one question to the next, so that a scenario of
//! IGMPv3 reports does not ask the same question twenty times. No two choices mean the same
//! thing (each carries a [`Choice::meaning`] key), and a wrong choice is never something else
//! that happens at the same instant (two routers starting together both send a general query).

use crate::codec::{IgmpMessage, Lang, LinkType, RecordType, Text};
use crate::model::i18n::{frame_label, is_source_query, state_label, t, timer_label};
use crate::sim::{NodeKind, Scenario, TraceEntry};

/// What a question asks about its packet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Ask {
    Next,
    Forward,
    Record,
    State,
    Timer,
    Answer,
}

impl Ask {
    /// The order the kinds take turns in.
    pub const ALL: [Ask; 6] = [
        Ask::Next,
        Ask::Forward,
        Ask::Record,
        Ask::State,
        Ask::Timer,
        Ask::Answer,
    ];

    /// Its JSON name, as serde writes it (lowercase).
    pub fn read(v: &crate::json::Value) -> Result<Ask, crate::json::Wrong> {
        v.pick(&[
            ("next", Ask::Next),
            ("forward", Ask::Forward),
            ("record", Ask::Record),
            ("state", Ask::State),
            ("timer", Ask::Timer),
            ("answer", Ask::Answer),
        ])
    }
}

/// One choice: its sentence, and a key for what it means, equal for two choices exactly when
/// they say the same thing ("forwards it to no port" and "drops it" are one meaning).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    pub text: Text,
    pub meaning: String,
}

/// A question about the packet of trace entry `step`.
#[derive(Clone, Debug, PartialEq)]
pub struct Question {
    /// The trace entry the question is about (stepping answers it).
    pub step: usize,
    pub ask: Ask,
    /// The question as the class reads it.
    pub prompt: Text,
    pub choices: Vec<Choice>,
    /// Which of `choices` is what really happens.
    pub right: usize,
    /// The rule that decides it, with its RFC section.
    pub rule: Text,
}

/// Whether predict mode asks about trace entry `step`: a packet the rules decide. A source's
/// data is scripted by the scenario, so it is not asked (a switch forwarding it is).
pub fn asks(scenario: &Scenario, trace: &[TraceEntry], step: usize) -> bool {
    let Some(TraceEntry::Packet { node, msg, .. }) = trace.get(step) else {
        return false;
    };
    msg != "data" || kind_of(scenario, node) == Some(NodeKind::Switch)
}

/// The question to ask before trace entry `step`, if predict mode asks about it: the kinds
/// take turns (the n-th question asked tries [`Ask::ALL`] from its n-th), and a kind that does
/// not apply to this packet passes to the next.
pub fn question(scenario: &Scenario, trace: &[TraceEntry], step: usize) -> Option<Question> {
    if !asks(scenario, trace, step) {
        return None;
    }
    let n = (0..step).filter(|&i| asks(scenario, trace, i)).count();
    let kinds = Ask::ALL.len();
    (0..kinds)
        .filter_map(|k| {
            n.saturating_add(k)
                .checked_rem(kinds)
                .and_then(|i| Ask::ALL.get(i).copied())
        })
        .find_map(|ask| question_of(scenario, trace, step, ask))
}

/// The question of kind `ask` before trace entry `step`, if that kind applies to its packet.
pub fn question_of(
    scenario: &Scenario,
    trace: &[TraceEntry],
    step: usize,
    ask: Ask,
) -> Option<Question> {
    if !asks(scenario, trace, step) {
        return None;
    }
    let p = Packet::at(trace, step)?;
    let built = match ask {
        Ask::Next => next(scenario, trace, &p, false),
        Ask::Forward => next(scenario, trace, &p, true),
        Ask::Record => record(&p),
        Ask::State => state(scenario, trace, &p),
        Ask::Timer => timer(scenario, trace, &p),
        Ask::Answer => answer(scenario, trace, &p),
    }?;
    let Built {
        prompt,
        right,
        mut wrong,
        rule,
    } = built;
    // No two choices mean the same, and none means what is right.
    let mut seen = vec![right.meaning.clone()];
    wrong.retain(|c| {
        let new = !seen.contains(&c.meaning);
        seen.push(c.meaning.clone());
        new
    });
    wrong.truncate(3);
    if wrong.len() < 2 {
        return None;
    }
    // The right answer's place moves from question to question, without randomness.
    let at = step.checked_rem(wrong.len().saturating_add(1)).unwrap_or(0);
    let mut choices = wrong;
    choices.insert(at, right);
    Some(Question {
        step,
        ask,
        prompt,
        choices,
        right: at,
        rule,
    })
}

/// A question's parts before its choices are ordered.
struct Built {
    prompt: Text,
    right: Choice,
    wrong: Vec<Choice>,
    rule: Text,
}

/// The packet a question is about, with its label read from its bytes.
struct Packet<'a> {
    step: usize,
    t: u64,
    node: &'a str,
    to: &'a str,
    msg: &'a str,
    group: &'a str,
    receivers: &'a [String],
    dropped: bool,
    bytes: &'a [u8],
    label: Text,
    /// " (239.1.1.1)", or nothing for a general query.
    about: String,
}

impl<'a> Packet<'a> {
    fn at(trace: &'a [TraceEntry], step: usize) -> Option<Packet<'a>> {
        let TraceEntry::Packet {
            t,
            node,
            to,
            msg,
            group,
            receivers,
            dropped,
            bytes,
            ..
        } = trace.get(step)?
        else {
            return None;
        };
        let about = if group.is_empty() || group == "0.0.0.0" {
            String::new()
        } else {
            format!(" ({group})")
        };
        Some(Packet {
            step,
            t: *t,
            node,
            to,
            msg,
            group,
            receivers,
            dropped: *dropped,
            bytes,
            label: Text::new(frame_label(Lang::En, bytes), frame_label(Lang::Ja, bytes)),
            about,
        })
    }

    fn message(&self) -> Option<IgmpMessage> {
        crate::codec::parse(LinkType::Ethernet, self.bytes)
            .ok()
            .map(|f| f.igmp.message())
    }

    /// The packet as a sentence: who sends it where, or, from a switch, where it forwards it.
    fn event(&self, scenario: &Scenario) -> Text {
        let (node, about) = (self.node, self.about.as_str());
        let (en, ja) = (article(&self.label.en), &self.label.ja);
        if kind_of(scenario, node) == Some(NodeKind::Switch) {
            let out = self.receivers.join(", ");
            Text::new(
                format!("{node} forwards the {}{about} to {out}.", self.label.en),
                format!("{node} が {ja}{about} を {out} へ転送します。"),
            )
        } else {
            Text::new(
                format!("{node} sends {en}{about} to {}.", self.to),
                format!("{node} が {} へ {ja}{about} を送ります。", self.to),
            )
        }
    }

    fn is_general(&self) -> bool {
        self.about.is_empty()
    }
}

/// A label with its indefinite article ("a v2 Leave"; "multicast data" has none).
fn article(label: &str) -> String {
    if label.starts_with("multicast") {
        label.to_string()
    } else {
        format!("a {label}")
    }
}

fn kind_of(scenario: &Scenario, name: &str) -> Option<NodeKind> {
    scenario
        .nodes
        .iter()
        .find(|n| n.name == name)
        .map(|n| n.kind)
}

fn names(scenario: &Scenario, kind: NodeKind) -> Vec<&str> {
    scenario
        .nodes
        .iter()
        .filter(|n| n.kind == kind)
        .map(|n| n.name.as_str())
        .collect()
}

fn choice(meaning: String, en: String, ja: String) -> Choice {
    Choice {
        text: Text::new(en, ja),
        meaning,
    }
}

/// `who` sends `label` to `dst`.
fn sends(who: &str, label: &Text, about: &str, dst: &str) -> Choice {
    choice(
        format!("sends|{who}|{}|{dst}", label.en),
        format!("{who} sends {}{about} to {dst}", article(&label.en)),
        format!("{who} が {dst} へ {}{about} を送る", label.ja),
    )
}

/// `who` sends nothing now.
fn silent(who: &str) -> Choice {
    choice(
        format!("silent|{who}"),
        format!("{who} sends nothing now"),
        format!("{who} は今は何も送らない"),
    )
}

/// A switch forwards `label` to `ports` (none: it drops it, one meaning with [`silent`]).
fn forwards(who: &str, label: &Text, about: &str, ports: &[String]) -> Choice {
    if ports.is_empty() {
        return choice(
            format!("silent|{who}"),
            format!("{who} drops it: no port has asked for it"),
            format!("{who} は転送しない (どのポートも要求していない)"),
        );
    }
    let mut sorted = ports.to_vec();
    sorted.sort();
    let out = ports.join(", ");
    choice(
        format!("forwards|{who}|{}", sorted.join(",")),
        format!("{who} forwards the {}{about} to {out}", label.en),
        format!("{who} が {}{about} を {out} へ転送する", label.ja),
    )
}

/// What happens next: who sends what to where, or where a switch forwards it.
fn next(scenario: &Scenario, trace: &[TraceEntry], p: &Packet, forward: bool) -> Option<Built> {
    let (node, group, about, label) = (p.node, p.group, p.about.as_str(), &p.label);
    let from_switch = kind_of(scenario, node) == Some(NodeKind::Switch);
    if from_switch != forward {
        return None;
    }
    let right = if from_switch {
        forwards(node, label, about, p.receivers)
    } else {
        sends(node, label, about, p.to)
    };
    let hosts: Vec<&str> = names(scenario, NodeKind::Host)
        .into_iter()
        .filter(|h| *h != node)
        .collect();
    let mut wrong: Vec<Choice> = Vec::new();
    let rule;
    if from_switch {
        // The frame came in on the port of the node that sent it to the switch.
        let sender = previous_sender(trace, p);
        let ports = |keep: &dyn Fn(NodeKind) -> bool, back: bool| -> Vec<String> {
            scenario
                .nodes
                .iter()
                .filter(|n| {
                    n.name != node && keep(n.kind) && (back || Some(n.name.as_str()) != sender)
                })
                .map(|n| n.name.clone())
                .collect()
        };
        // Flooding, dropping, only the router ports, only the host ports, and (a switch is not
        // a hub) back out of the port it came in on too.
        wrong.push(forwards(
            node,
            label,
            about,
            &ports(&|k| k != NodeKind::Switch, false),
        ));
        wrong.push(forwards(node, label, about, &[]));
        wrong.push(forwards(
            node,
            label,
            about,
            &ports(&|k| k == NodeKind::Router, false),
        ));
        wrong.push(forwards(
            node,
            label,
            about,
            &ports(&|k| k == NodeKind::Host, false),
        ));
        wrong.push(forwards(
            node,
            label,
            about,
            &ports(&|k| k != NodeKind::Switch, true),
        ));
        rule = if p.msg.ends_with("query") {
            Text::new(
                "A snooping switch floods queries to every port (RFC 4541 §2.1.1).",
                "スヌーピングスイッチはクエリーをすべてのポートへ転送します (RFC 4541 §2.1.1)。",
            )
        } else if p.msg == "data" && crate::codec::mac::is_individual(p.bytes) {
            Text::new(
                "A switch sends a frame for one host's MAC address out of the one port where it heard that address as a source (IEEE 802.1D §7.7, §7.8); snooping (RFC 4541 §2.1.2) changes only how multicast is forwarded.",
                "スイッチは 1 台のホストの MAC アドレス宛てのフレームを、そのアドレスを送信元として受信したポートにだけ転送します (IEEE 802.1D §7.7, §7.8)。スヌーピング (RFC 4541 §2.1.2) が変えるのはマルチキャストの転送だけです。",
            )
        } else if p.msg == "data" {
            Text::new(
                "A snooping switch forwards multicast data only to the ports that reported the group and to router ports (RFC 4541 §2.1.2).",
                "スヌーピングスイッチはマルチキャストデータを、そのグループを報告したポートとルータポートにだけ転送します (RFC 4541 §2.1.2)。",
            )
        } else {
            Text::new(
                "A snooping switch forwards reports and Leaves only to router ports, so that other members do not suppress theirs (RFC 4541 §2.1.1).",
                "スヌーピングスイッチはレポートとリーブメッセージをルータポートにだけ転送します。他のメンバーが自分のレポートを抑制しないためです (RFC 4541 §2.1.1)。",
            )
        };
    } else if p.msg.ends_with("query") {
        if p.is_general() {
            wrong.push(choice(
                format!("specific-to-each|{node}"),
                format!("{node} sends a group-specific query to each group it forwards"),
                format!("{node} が転送中の各グループへグループスペシフィッククエリーを送る"),
            ));
            for other in names(scenario, NodeKind::Router) {
                if other != node {
                    wrong.push(sends(other, label, about, p.to));
                }
            }
            rule = Text::new(
                "The querier alone sends general queries to 224.0.0.1, every Query Interval (Startup Query Interval at start); a router that hears a lower address stops querying (RFC 2236 §3, RFC 3376 §6.6.2).",
                "ジェネラルクエリーはクエリアだけが 224.0.0.1 へ、クエリー間隔ごとに (起動時は起動時クエリー間隔で) 送ります。より低いアドレスのクエリーを聞いたルータは送信をやめます (RFC 2236 §3, RFC 3376 §6.6.2)。",
            );
        } else if is_source_query(p.bytes) {
            wrong.push(choice(
                format!("stops|{node}|{group}|sources"),
                format!("{node} stops forwarding the blocked sources of {group} at once, without asking"),
                format!("{node} が確認せずにすぐ {group} のブロックされた送信元の転送を止める"),
            ));
            wrong.push(sends(node, label, about, "224.0.0.1"));
            rule = Text::new(
                "Before it stops forwarding sources of a group, the querier asks about exactly those sources with group-and-source-specific queries sent to the group, Last Member Query Interval apart (RFC 3376 §6.4.2, §6.6.3.2).",
                "クエリアはグループの送信元の転送を止める前に、その送信元だけを尋ねるグループ・ソーススペシフィッククエリーをラストメンバークエリー間隔ごとにそのグループ宛てに送って確認します (RFC 3376 §6.4.2, §6.6.3.2)。",
            );
        } else {
            wrong.push(choice(
                format!("stops|{node}|{group}"),
                format!("{node} stops forwarding {group} at once, without asking"),
                format!("{node} が確認せずにすぐ {group} の転送を止める"),
            ));
            wrong.push(sends(node, label, about, "224.0.0.1"));
            rule = Text::new(
                "Before it stops forwarding a group, the querier asks with Last Member Query Count group-specific queries sent to the group, Last Member Query Interval apart (RFC 2236 §3, RFC 3376 §6.4.2).",
                "クエリアはグループの転送を止める前に、ラストメンバークエリー回数だけグループスペシフィッククエリーをラストメンバークエリー間隔ごとにそのグループ宛てに送って確認します (RFC 2236 §3, RFC 3376 §6.4.2)。",
            );
        }
    } else if p.msg.ends_with("leave") {
        if let Some(other) = hosts.first() {
            wrong.push(sends(other, label, about, p.to));
        }
        wrong.push(sends(node, label, about, group));
        rule = Text::new(
            "Only the host that sent the last report for the group sends a Leave, and it goes to 224.0.0.2, the all-routers group (RFC 2236 §3, §6).",
            "リーブメッセージを送るのは、そのグループへ最後にレポートを送ったホストだけで、宛先は全ルータ 224.0.0.2 です (RFC 2236 §3, §6)。",
        );
    } else if p.msg.ends_with("report") {
        if !hosts.is_empty() && p.msg != "v3-report" {
            let all: Vec<&str> = std::iter::once(node).chain(hosts.iter().copied()).collect();
            wrong.push(choice(
                "every-host-reports".to_string(),
                format!(
                    "every host ({}) sends its own report at once",
                    all.join(", ")
                ),
                format!(
                    "全ホスト ({}) がそれぞれすぐにレポートを送る",
                    all.join(", ")
                ),
            ));
        }
        let other_dst = if p.to == "224.0.0.1" {
            "224.0.0.2"
        } else {
            "224.0.0.1"
        };
        wrong.push(sends(node, label, about, other_dst));
        if p.msg == "v3-report" {
            wrong.push(sends(node, label, about, group));
        }
        rule = if p.msg == "v3-report" {
            Text::new(
                "IGMPv3 reports go to 224.0.0.22 and are not suppressed: every member reports its own state (RFC 3376 §4.2.14, §5.2).",
                "IGMPv3 のレポートは 224.0.0.22 宛てで抑制されません。各メンバーが自分の状態を報告します (RFC 3376 §4.2.14, §5.2)。",
            )
        } else {
            report_rule(report_reason(trace, p.step, node, group))
        };
    } else {
        return None;
    }
    // "Nothing yet" is a mistake worth offering for a lost packet, and fills a short list.
    if p.dropped || wrong.len() < 3 {
        wrong.push(silent(node));
    }
    // A wrong choice is never what another node does at the same instant: two routers that
    // start together both send a general query, and which one goes first is not a rule.
    let same_instant: Vec<String> = trace
        .iter()
        .enumerate()
        .filter(|(_, e)| e.t() == p.t)
        .filter_map(|(i, _)| Packet::at(trace, i))
        .map(|q| {
            if kind_of(scenario, q.node) == Some(NodeKind::Switch) {
                forwards(q.node, &q.label, &q.about, q.receivers).meaning
            } else {
                sends(q.node, &q.label, &q.about, q.to).meaning
            }
        })
        .collect();
    wrong.retain(|c| !same_instant.contains(&c.meaning));
    let prompt = match previous_sender(trace, p).filter(|_| from_switch) {
        Some(from) => Text::new(
            format!(
                "{node} receives {}{about} from {from}. Out of which ports does it forward it?",
                article(&label.en)
            ),
            format!(
                "{node} が {from} から {}{about} を受け取ります。どのポートへ転送する?",
                label.ja
            ),
        ),
        None => Text::new(t(Lang::En, "predict.ask"), t(Lang::Ja, "predict.ask")),
    };
    Some(Built {
        prompt,
        right,
        wrong,
        rule,
    })
}

/// The node whose packet a switch forwards: the last packet before it that reached the switch.
fn previous_sender<'a>(trace: &'a [TraceEntry], p: &Packet) -> Option<&'a str> {
    trace.get(..p.step)?.iter().rev().find_map(|e| match e {
        TraceEntry::Packet {
            node, receivers, ..
        } if receivers.iter().any(|r| r == p.node) => Some(node.as_str()),
        _ => None,
    })
}

/// The type of each of a report's records changed by `f`, as the key and text of a choice:
/// `ALLOW({10.0.0.1,10.0.0.2}) for 232.1.1.1`.
fn records(records: &[crate::codec::GroupRecord], f: impl Fn(RecordType) -> RecordType) -> Choice {
    let types: Vec<&str> = records.iter().map(|r| f(r.record_type).short()).collect();
    let shown: Vec<String> = records
        .iter()
        .map(|r| {
            let sources: Vec<String> = r.sources.iter().map(|s| s.to_string()).collect();
            format!(
                "{}({{{}}}) {}",
                f(r.record_type).short(),
                sources.join(","),
                r.group
            )
        })
        .collect();
    let shown = shown.join(", ");
    choice(format!("records|{}", types.join("+")), shown.clone(), shown)
}

/// Which group record an IGMPv3 report carries (RFC 3376 §5.1's table for a changed filter,
/// §5.2 for an answer to a query). The wrong choices swap a state-change record for the
/// current-state one (and back), or the filter mode.
fn record(p: &Packet) -> Option<Built> {
    let Some(IgmpMessage::V3Report { records: rs }) = p.message() else {
        return None;
    };
    if rs.is_empty() || rs.iter().any(|r| r.record_type.names().is_none()) {
        return None;
    }
    use RecordType::*;
    let twin = |t: RecordType| match t {
        ToEx => IsEx,
        IsEx => ToEx,
        ToIn => IsIn,
        IsIn => ToIn,
        Allow => ToIn,
        Block => ToEx,
        other => other,
    };
    let mode = |t: RecordType| match t {
        ToEx => ToIn,
        ToIn => ToEx,
        IsEx => IsIn,
        IsIn => IsEx,
        Allow => Block,
        Block => Allow,
        other => other,
    };
    let right = records(&rs, |t| t);
    let wrong = vec![
        records(&rs, twin),
        records(&rs, mode),
        records(&rs, |t| twin(mode(t))),
    ];
    let node = p.node;
    let group = rs.first().map(|r| r.group.to_string()).unwrap_or_default();
    let rule = if rs.iter().all(|r| r.record_type.is_current_state()) {
        Text::new(
            "A report that answers a query tells the current state: IS_IN or IS_EX with the interface's source list (RFC 3376 §5.2).",
            "クエリーに応える現状レポートは、インターフェースの送信元リスト付きの IS_IN か IS_EX で今の状態を伝えます (RFC 3376 §5.2)。",
        )
    } else {
        Text::new(
            "A change of filter is reported with state-change records: a change of mode as TO_IN or TO_EX with the new source list, new sources in the same mode as ALLOW and old ones as BLOCK (RFC 3376 §5.1).",
            "フィルターの変化は状態変更レポートで伝えます。モードが変われば新しい送信元リスト付きの TO_IN か TO_EX、同じモードで送信元が増えれば ALLOW、減れば BLOCK です (RFC 3376 §5.1)。",
        )
    };
    Some(Built {
        prompt: Text::new(
            format!(
                "{node} sends {} for {group}. Which group record does it carry?",
                article(&p.label.en)
            ),
            format!(
                "{node} が {group} の{}を送ります。どのグループレコードを載せる?",
                p.label.ja
            ),
        ),
        right,
        wrong,
        rule,
    })
}

/// The states a state can be confused with: the others of its state machine.
fn state_family(state: &str) -> Option<&'static [&'static str]> {
    const ROUTER: &[&str] = &[
        "MembersPresent",
        "CheckingMembership",
        "NoMembersPresent",
        "V1MembersPresent",
    ];
    const HOST: &[&str] = &["DelayingMember", "IdleMember", "NonMember"];
    [ROUTER, HOST].into_iter().find(|f| f.contains(&state))
}

/// The wrong states for an IGMPv3 router's group record (RFC 3376 §6.2.1): `INCLUDE{S}` read
/// as the sources to exclude, `EXCLUDE{X}{Y}` read as including the excluded ones, and the
/// group forgotten (`INCLUDE{}`).
fn filter_confusions(to: &str) -> Vec<String> {
    let sets: Vec<&str> = to
        .split('{')
        .skip(1)
        .map(|s| s.trim_end_matches('}'))
        .collect();
    let mut out = Vec::new();
    if to.starts_with("INCLUDE") {
        out.push(format!("EXCLUDE{{}}{{{}}}", sets.first().unwrap_or(&"")));
    } else if to.starts_with("EXCLUDE") {
        out.push(format!("INCLUDE{{{}}}", sets.get(1).unwrap_or(&"")));
    }
    out.push("INCLUDE{}".to_string());
    out
}

/// Which state a router or host moves to when the packet reaches it: the first state change of
/// a receiver at that instant, read from the trace (with its cause and RFC section as the rule).
fn state(scenario: &Scenario, trace: &[TraceEntry], p: &Packet) -> Option<Built> {
    let (who, group, from, to, cause, rfc) = caused(scenario, trace, p).find_map(|e| match e {
        TraceEntry::State {
            node,
            group,
            source: None,
            from,
            to,
            cause,
            rfc,
            ..
        } if group == p.group => Some((node, group, from, to, cause, rfc)),
        _ => None,
    })?;
    let filter = to.starts_with("INCLUDE") || to.starts_with("EXCLUDE");
    let mut others: Vec<String> = Vec::new();
    if from != to && (filter || state_family(from) == state_family(to)) {
        others.push(from.clone());
    }
    if filter {
        others.extend(filter_confusions(to));
    } else {
        others.extend(state_family(to)?.iter().map(|s| s.to_string()));
    }
    let general = group == "0.0.0.0" || group.is_empty();
    let moves = |state: &str| {
        let (en, ja) = (state_label(Lang::En, state), state_label(Lang::Ja, state));
        let stays = state == from;
        let (en, ja) = match (general, stays) {
            (true, true) => (
                format!("{who} stays {en}"),
                format!("{who} は「{ja}」のまま"),
            ),
            (true, false) => (
                format!("{who} becomes {en}"),
                format!("{who} は「{ja}」になる"),
            ),
            (false, true) => (
                format!("{who} keeps {group} in {en}"),
                format!("{who} は {group} を「{ja}」のままにする"),
            ),
            (false, false) => (
                format!("{who} moves {group} to {en}"),
                format!("{who} は {group} を「{ja}」にする"),
            ),
        };
        choice(format!("moves|{who}|{state}"), en, ja)
    };
    let wrong = others
        .iter()
        .filter(|s| *s != to)
        .map(|s| moves(s))
        .collect();
    Some(Built {
        prompt: Text::new(
            format!(
                "{} What does {who} do when it arrives?",
                p.event(scenario).en
            ),
            format!("{}届いたとき {who} はどうする?", p.event(scenario).ja),
        ),
        right: moves(to),
        wrong,
        rule: Text::new(
            format!("{} ({rfc})", cause.en.trim_end_matches('.')),
            format!("{} ({rfc})", cause.ja.trim_end_matches('。')),
        ),
    })
}

/// The state changes of the packet's receivers at its instant (what it caused), in order.
fn caused<'t>(
    scenario: &'t Scenario,
    trace: &'t [TraceEntry],
    p: &'t Packet<'_>,
) -> impl Iterator<Item = &'t TraceEntry> {
    trace
        .get(p.step.saturating_add(1)..)
        .unwrap_or_default()
        .iter()
        .take_while(move |e| e.t() == p.t && matches!(e, TraceEntry::State { .. }))
        .filter(move |e| {
            p.receivers.iter().any(|r| r == e.node())
                && kind_of(scenario, e.node()) != Some(NodeKind::Switch)
        })
}

/// The intervals a timer is set to, by name, with their values in this scenario.
fn intervals(scenario: &Scenario) -> [(&'static str, &'static str, &'static str, u64); 5] {
    let t = &scenario.timers;
    [
        (
            "GMI",
            "Group Membership Interval (GMI)",
            "グループメンバーシップ間隔 (GMI)",
            t.gmi(),
        ),
        (
            "LMQT",
            "Last Member Query Time (LMQT)",
            "ラストメンバークエリー時間 (LMQT)",
            t.lmqt(),
        ),
        (
            "OQPI",
            "Other Querier Present Interval (OQPI)",
            "他クエリア存在間隔 (OQPI)",
            t.oqpi(),
        ),
        ("QI", "Query Interval", "クエリー間隔", t.qi()),
        (
            "QRI",
            "Query Response Interval",
            "クエリー応答間隔",
            t.qri(),
        ),
    ]
}

/// Milliseconds as seconds, without a needless fraction ("260", "2", "0.5").
fn seconds(ms: u64) -> String {
    if ms % 1000 == 0 {
        (ms / 1000).to_string()
    } else {
        crate::num::Fixed(ms as f64 / 1000.0, 3)
            .to_string()
            .trim_end_matches('0')
            .to_string()
    }
}

/// Which interval a router sets a timer to when the packet reaches it: the group timer to the
/// Group Membership Interval on a report, to the Last Member Query Time on a Leave; Other
/// Querier Present to its interval on a query from a lower address. Asked only when the
/// timer's new deadline is exactly one named interval from now.
fn timer(scenario: &Scenario, trace: &[TraceEntry], p: &Packet) -> Option<Built> {
    let named = intervals(scenario);
    let (who, name, key) = caused(scenario, trace, p).find_map(|e| {
        let TraceEntry::State { node, timers, .. } = e else {
            return None;
        };
        timers.iter().find_map(|(name, until)| {
            let d = until.checked_sub(p.t)?;
            let fits = |k: &str| match k {
                "GMI" | "LMQT" => name.starts_with("group "),
                "OQPI" => name == "other querier present",
                _ => false,
            };
            let hits: Vec<&str> = named
                .iter()
                .filter(|(_, _, _, v)| *v == d)
                .map(|n| n.0)
                .collect();
            match hits.as_slice() {
                [k] if fits(k) => Some((node.as_str(), name.as_str(), *k)),
                _ => None,
            }
        })
    })?;
    let (en_t, ja_t) = (timer_label(Lang::En, name), timer_label(Lang::Ja, name));
    let sets = |(_, en, ja, v): &(&str, &str, &str, u64)| {
        choice(
            format!("timer|{who}|{name}|{v}"),
            format!("{who} sets its {en_t} timer to the {en}, {} s", seconds(*v)),
            format!("{who} は {ja_t} タイマーを{ja}の {} 秒にする", seconds(*v)),
        )
    };
    let right = named.iter().find(|n| n.0 == key).map(sets)?;
    let wrong = named.iter().filter(|n| n.0 != key).map(sets).collect();
    let rule = match key {
        "GMI" => Text::new(
            "A report sets the group timer to the Group Membership Interval, Robustness Variable × Query Interval + Query Response Interval: time for the querier to ask Robustness Variable times before it gives the group up (RFC 2236 §3, §8.4; RFC 3376 §6.4.1, §8.4).",
            "レポートはグループタイマーをグループメンバーシップ間隔 (ロバストネス変数 × クエリー間隔 + クエリー応答間隔) にします。クエリアがグループをあきらめる前にロバストネス変数の回数だけ尋ねる時間です (RFC 2236 §3, §8.4; RFC 3376 §6.4.1, §8.4)。",
        ),
        "LMQT" => Text::new(
            "On a Leave the querier lowers the group timer to the Last Member Query Time, Last Member Query Count × Last Member Query Interval: the time its group-specific queries take (RFC 2236 §3; RFC 3376 §6.4.2, §8.10).",
            "リーブメッセージを受けたクエリアは、グループタイマーをラストメンバークエリー時間 (ラストメンバークエリー回数 × ラストメンバークエリー間隔) に下げます。グループスペシフィッククエリーを送り終えるまでの時間です (RFC 2236 §3; RFC 3376 §6.4.2, §8.10)。",
        ),
        _ => Text::new(
            "A router that hears a query from a lower address stops querying and starts the Other Querier Present timer at Robustness Variable × Query Interval + one half of Query Response Interval (RFC 2236 §3, §8.5; RFC 3376 §6.6.2, §8.5).",
            "より低いアドレスのクエリーを聞いたルータはクエリーを止め、他クエリア存在タイマーをロバストネス変数 × クエリー間隔 + クエリー応答間隔の半分で開始します (RFC 2236 §3, §8.5; RFC 3376 §6.6.2, §8.5)。",
        ),
    };
    Some(Built {
        prompt: Text::new(
            format!(
                "{} Which timer does {who} set when it arrives, and to what?",
                p.event(scenario).en
            ),
            format!(
                "{}届いたとき {who} はどのタイマーを何秒にする?",
                p.event(scenario).ja
            ),
        ),
        right,
        wrong,
        rule,
    })
}

/// The hosts that are members of `group` just before `step`, from their last state change
/// (IGMPv1/v2: Delaying or Idle Member, RFC 2236 §6; IGMPv3: any filter but INCLUDE{}).
fn members<'a>(
    scenario: &'a Scenario,
    trace: &[TraceEntry],
    step: usize,
    group: &str,
) -> Vec<&'a str> {
    names(scenario, NodeKind::Host)
        .into_iter()
        .filter(|h| {
            trace
                .get(..step)
                .unwrap_or_default()
                .iter()
                .rev()
                .find_map(|e| match e {
                    TraceEntry::State {
                        node,
                        group: g,
                        source: None,
                        to,
                        ..
                    } if node == h && g == group => Some(to.as_str()),
                    _ => None,
                })
                .is_some_and(|s| {
                    matches!(s, "DelayingMember" | "IdleMember")
                        || (s.starts_with("EXCLUDE") || s.starts_with("INCLUDE"))
                            && s != "INCLUDE{}"
                })
        })
        .collect()
}

/// Who answers a group-specific query: nobody when no member is left; one member when the
/// members suppress (IGMPv1/v2, RFC 2236 §3); each member when they do not (IGMPv3, RFC 3376
/// §5.2). Asked only when the trace agrees (a lost report would make it a guess).
fn answer(scenario: &Scenario, trace: &[TraceEntry], p: &Packet) -> Option<Built> {
    let Some(IgmpMessage::Query {
        version,
        group: g,
        sources,
        max_resp_tenths,
        ..
    }) = p.message()
    else {
        return None;
    };
    if !sources.is_empty() || kind_of(scenario, p.node) != Some(NodeKind::Router) {
        return None;
    }
    // A general query asks about every group: asked only while at most one group has members.
    let general = g.is_unspecified();
    let group = if general {
        let mut joined: Vec<&str> = Vec::new();
        for e in trace.get(..p.step).unwrap_or_default() {
            if let TraceEntry::State {
                node,
                group,
                source: None,
                ..
            } = e
            {
                if kind_of(scenario, node) == Some(NodeKind::Host)
                    && group != "0.0.0.0"
                    && !joined.contains(&group.as_str())
                {
                    joined.push(group);
                }
            }
        }
        let with: Vec<&str> = joined
            .iter()
            .copied()
            .filter(|g| !members(scenario, trace, p.step, g).is_empty())
            .collect();
        match with.as_slice() {
            [] => joined.first().copied().unwrap_or_default().to_string(),
            [one] => one.to_string(),
            _ => return None,
        }
    } else {
        g.to_string()
    };
    let member_list = members(scenario, trace, p.step, &group);
    let v3 = version == crate::codec::QueryVersion::V3;
    let suppress = !v3
        || member_list
            .iter()
            .any(|m| scenario.nodes.iter().any(|n| n.name == *m && n.version < 3));
    // The reports for the group before the next query for it, within Max Resp Time.
    let deadline =
        p.t.saturating_add(u64::from(max_resp_tenths).saturating_mul(100));
    let mut answered: Vec<&str> = Vec::new();
    for e in trace.get(p.step.saturating_add(1)..)? {
        if e.t() > deadline {
            break;
        }
        if let TraceEntry::Packet {
            node,
            msg,
            group: gg,
            dropped,
            ..
        } = e
        {
            if msg.ends_with("query") && (general || *gg == group) {
                break;
            }
            let hosts_report =
                msg.ends_with("report") && kind_of(scenario, node) == Some(NodeKind::Host);
            if hosts_report && general && *gg != group {
                return None; // another group is reported: more than one group in play
            }
            if msg.ends_with("report")
                && *gg == group
                && member_list.contains(&node.as_str())
                && !dropped
            {
                if !answered.contains(&node.as_str()) {
                    answered.push(node);
                }
            } else if msg.ends_with("report")
                && *gg == group
                && kind_of(scenario, node) == Some(NodeKind::Host)
            {
                return None; // a non-member answered: not what the rules say
            }
        }
    }
    let expected = match member_list.len() {
        0 => 0,
        _ if suppress => 1,
        n => n,
    };
    if answered.len() != expected {
        return None;
    }
    let list = |m: &[&str]| m.join(", ");
    let nobody = if general {
        choice(
            "answers|".to_string(),
            "nobody answers: no host is a member of a group".to_string(),
            "誰も応答しない (どのホストもグループのメンバーではない)".to_string(),
        )
    } else {
        choice(
            "answers|".to_string(),
            format!("nobody answers: no member of {group} is left"),
            format!("誰も応答しない ({group} のメンバーが残っていない)"),
        )
    };
    // Members answer after a random delay up to Max Resp Time (RFC 2236 §3, RFC 3376 §5.2);
    // "at once" is the mistake beside each set of answering hosts.
    let wait = seconds(u64::from(max_resp_tenths).saturating_mul(100));
    let each = |m: &[&str], now: bool| {
        let mut sorted = m.to_vec();
        sorted.sort();
        let (when_en, when_ja) = if now {
            ("at once".to_string(), "すぐに".to_string())
        } else {
            (
                format!("after a random delay up to {wait} s"),
                format!("{wait} 秒以内のランダムな遅延の後に"),
            )
        };
        let key = format!(
            "answers|{}|{}",
            sorted.join(","),
            if now { "now" } else { "delay" }
        );
        if m.len() == 1 {
            choice(
                key,
                format!("only {} answers, {when_en}", list(m)),
                format!("{} だけが{when_ja}応答する", list(m)),
            )
        } else {
            choice(
                key,
                format!("{} each answer with their own report, {when_en}", list(m)),
                format!("{} がそれぞれ{when_ja}自分のレポートで応答する", list(m)),
            )
        }
    };
    let one_of = |m: &[&str]| {
        if m.len() < 2 {
            return each(m, false);
        }
        let mut sorted = m.to_vec();
        sorted.sort();
        choice(
            format!("one-of|{}", sorted.join(",")),
            format!("one of {} answers after a random delay up to {wait} s; the others hear it and stay quiet", list(m)),
            format!("{} のうち 1 台が {wait} 秒以内のランダムな遅延の後に応答し、他はそれを聞いて応答しない", list(m)),
        )
    };
    let right = match expected {
        0 => nobody.clone(),
        1 if suppress => one_of(&member_list),
        _ => each(&member_list, false),
    };
    let all_hosts = names(scenario, NodeKind::Host);
    let mut wrong = vec![nobody, each(&all_hosts, false)];
    if member_list.is_empty() {
        wrong.push(each(&all_hosts, true));
    } else {
        wrong.push(if suppress {
            each(&member_list, false)
        } else {
            one_of(&member_list)
        });
        wrong.push(each(&member_list, true));
    }
    let rule = if member_list.is_empty() && general {
        Text::new(
            "Only members of a group answer a query; with none left nobody does, and the router keeps forwarding until the group timer runs out, a Group Membership Interval after the last report (RFC 2236 §3, §7).",
            "クエリーに応答するのはグループのメンバーだけです。メンバーが残っていなければ誰も応答せず、ルータは最後のレポートからグループメンバーシップ間隔が過ぎてグループタイマーが切れるまで転送を続けます (RFC 2236 §3, §7)。",
        )
    } else if member_list.is_empty() {
        Text::new(
            "Only members of the group answer; with none left nobody does, and the router stops forwarding the group when Last Member Query Time runs out (RFC 2236 §3, §7; RFC 3376 §6.4.2).",
            "応答するのはグループのメンバーだけです。メンバーが残っていなければ誰も応答せず、ラストメンバークエリー時間が過ぎるとルータはそのグループの転送を止めます (RFC 2236 §3, §7; RFC 3376 §6.4.2)。",
        )
    } else if suppress {
        Text::new(
            "Each member waits a random time up to Max Resp Time and cancels its own report when it hears another member's first, so one report answers for all (RFC 2236 §3).",
            "各メンバーは最大応答時間以内のランダムな時間だけ待ち、先に他のメンバーのレポートを聞けば自分のレポートを取り消すので、1 つのレポートが全員の代わりになります (RFC 2236 §3)。",
        )
    } else {
        Text::new(
            "IGMPv3 members do not suppress: each member answers with its own current-state report (RFC 3376 §5.2).",
            "IGMPv3 のメンバーは抑制しません。各メンバーが自分の現状レポートで応答します (RFC 3376 §5.2)。",
        )
    };
    Some(Built {
        prompt: Text::new(
            if general {
                format!(
                    "{} sends {} to 224.0.0.1. Who answers?",
                    p.node,
                    article(&p.label.en)
                )
            } else {
                format!(
                    "{} asks about {group} with {}. Who answers?",
                    p.node,
                    article(&p.label.en)
                )
            },
            if general {
                format!(
                    "{} が 224.0.0.1 へ{}を送ります。誰が応答する?",
                    p.node, p.label.ja
                )
            } else {
                format!(
                    "{} が{}で {group} について尋ねます。誰が応答する?",
                    p.node, p.label.ja
                )
            },
        ),
        right,
        wrong,
        rule,
    })
}

/// The rule behind an IGMPv1/v2 report, by why it is sent.
fn report_rule(reason: ReportReason) -> Text {
    match reason {
        ReportReason::Join => Text::new(
            "A host that joins sends its report at once, unsolicited, to the group itself, and repeats it after a random delay up to the Unsolicited Report Interval (RFC 2236 §3, §6).",
            "参加したホストは、非要求のレポートをすぐにグループ自身の宛先へ送り、非要求レポート間隔以内のランダムな遅延の後にもう一度送ります (RFC 2236 §3, §6)。",
        ),
        ReportReason::Repeat => Text::new(
            "The repeat of a join's unsolicited report comes after a random delay up to the Unsolicited Report Interval (10 s in IGMPv2), to the group itself (RFC 2236 §3, §8.10).",
            "参加時の非要求レポートの繰り返しは、非要求レポート間隔 (IGMPv2 では 10 秒) 以内のランダムな遅延の後に、グループ自身の宛先へ送ります (RFC 2236 §3, §8.10)。",
        ),
        ReportReason::Answer => Text::new(
            "A report that answers a query goes to the group itself, after a random delay up to the query's Max Resp Time; the members that hear it cancel their own (RFC 2236 §3, §6).",
            "クエリーに応えるレポートはグループ自身の宛先へ、そのクエリーの最大応答時間以内のランダムな遅延の後に送ります。それを聞いた他のメンバーは自分のレポートを取り消します (RFC 2236 §3, §6)。",
        ),
    }
}

/// Why a host sends an IGMPv1/v2 report, from the trace before it: it has just joined (the
/// unsolicited report, at once), it repeats that report, or it answers a query it received.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ReportReason {
    Join,
    Repeat,
    Answer,
}

fn report_reason(trace: &[TraceEntry], step: usize, node: &str, group: &str) -> ReportReason {
    let mut reports_since_join: usize = 0;
    for e in trace.get(..step).unwrap_or_default().iter().rev() {
        match e {
            TraceEntry::Packet { msg, receivers, .. }
                if msg.ends_with("query") && receivers.iter().any(|r| r == node) =>
            {
                return ReportReason::Answer;
            }
            TraceEntry::Packet {
                node: from,
                msg,
                group: g,
                ..
            } if from == node && g == group && msg.ends_with("report") => {
                reports_since_join = reports_since_join.saturating_add(1);
            }
            TraceEntry::State {
                node: n,
                group: g,
                from,
                ..
            } if n == node && g == group && from == "NonMember" => {
                return if reports_since_join == 0 {
                    ReportReason::Join
                } else {
                    ReportReason::Repeat
                };
            }
            _ => {}
        }
    }
    ReportReason::Answer
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{builtin, run};

    fn every_question() -> Vec<(&'static str, Scenario, Vec<TraceEntry>, Question)> {
        let mut out = Vec::new();
        for name in builtin::NAMES {
            let s = builtin::get(name).unwrap();
            let trace = run(s.clone(), 1, None).trace;
            for i in 0..trace.len() {
                if let Some(q) = question(&s, &trace, i) {
                    out.push((*name, s.clone(), trace.clone(), q));
                }
            }
        }
        out
    }

    /// Every packet predict mode asks about gets three or four choices that all mean different
    /// things, exactly one of which is what happens, with its rule and RFC section in both
    /// languages; state changes and a source's scripted data are never asked.
    #[test]
    fn every_question_of_every_builtin_has_one_right_answer_among_distinct_meanings() {
        for name in builtin::NAMES {
            let s = builtin::get(name).unwrap();
            let trace = run(s.clone(), 1, None).trace;
            for (i, e) in trace.iter().enumerate() {
                let q = question(&s, &trace, i);
                match e {
                    TraceEntry::State { .. } => assert!(q.is_none()),
                    TraceEntry::Packet { node, msg, .. } => {
                        let source = msg == "data" && kind_of(&s, node) != Some(NodeKind::Switch);
                        assert_eq!(q.is_none(), source, "{name} {i}: asked {q:?}");
                        assert_eq!(asks(&s, &trace, i), !source);
                        let Some(q) = q else { continue };
                        assert!((3..=4).contains(&q.choices.len()), "{name} {i}: {q:?}");
                        for (a, x) in q.choices.iter().enumerate() {
                            for y in &q.choices[..a] {
                                assert_ne!(x.meaning, y.meaning, "{name} {i}");
                                assert_ne!(x.text, y.text, "{name} {i}");
                            }
                        }
                        assert!(q.rule.en.contains("RFC") && q.rule.ja.contains("RFC"));
                        assert!(!q.prompt.en.is_empty() && !q.prompt.ja.is_empty());
                    }
                }
            }
        }
    }

    /// The right answer is what the trace shows: the packet itself (Next), the records in its
    /// bytes (Record), the state the receiver moves to (State), the hosts that report (Answer).
    #[test]
    fn the_right_answer_is_read_from_the_trace() {
        for (name, _, trace, q) in every_question() {
            let right = &q.choices[q.right];
            let TraceEntry::Packet {
                node,
                to,
                bytes,
                group,
                ..
            } = &trace[q.step]
            else {
                panic!()
            };
            match q.ask {
                Ask::Next | Ask::Forward => assert!(right.text.en.starts_with(node.as_str())),
                Ask::Record => {
                    let f = crate::codec::parse(LinkType::Ethernet, bytes).unwrap();
                    let IgmpMessage::V3Report { records } = f.igmp.message() else {
                        panic!()
                    };
                    for r in records {
                        assert!(right.text.en.contains(r.record_type.short()), "{name}");
                    }
                }
                Ask::State => {
                    let to_state = trace[q.step + 1..]
                        .iter()
                        .find_map(|e| match e {
                            TraceEntry::State { to, node: n, .. }
                                if right.meaning.starts_with(&format!("moves|{n}|")) =>
                            {
                                Some(to.clone())
                            }
                            _ => None,
                        })
                        .unwrap();
                    assert!(right.meaning.ends_with(&format!("|{to_state}")), "{name}");
                }
                Ask::Timer => {
                    let parts: Vec<&str> = right.meaning.split('|').collect();
                    let (who, timer, d) = (parts[1], parts[2], parts[3].parse::<u64>().unwrap());
                    let t = trace[q.step].t();
                    assert!(
                        trace[q.step + 1..].iter().take_while(|e| e.t() == t).any(|e| matches!(
                            e,
                            TraceEntry::State { node, timers, .. }
                                if node == who && timers.iter().any(|(n, u)| n == timer && *u == t + d)
                        )),
                        "{name} {}: {}",
                        q.step,
                        right.text.en
                    );
                }
                Ask::Answer => {
                    let reporters: Vec<&str> = trace[q.step + 1..]
                        .iter()
                        .take_while(|e| !matches!(e, TraceEntry::Packet { msg, .. } if msg.ends_with("query")))
                        .filter_map(|e| match e {
                            TraceEntry::Packet { node, msg, group: g, .. }
                                if msg.ends_with("report") && (to == "224.0.0.1" || g == group) =>
                            {
                                Some(node.as_str())
                            }
                            _ => None,
                        })
                        .collect();
                    if right.meaning == "answers|" {
                        assert!(reporters.is_empty(), "{name} {}: {reporters:?}", q.step);
                    } else {
                        let who = right.meaning.split('|').nth(1).unwrap();
                        assert!(
                            reporters.iter().all(|r| who.split(',').any(|w| w == *r)),
                            "{name} {}: {reporters:?} {who}",
                            q.step
                        );
                    }
                }
            }
        }
    }

    /// Two routers that start at the same instant both send a general query: neither is
    /// offered as the wrong answer to the other's, so no answer flips on the next step (#28).
    #[test]
    fn no_wrong_choice_happens_at_the_same_instant() {
        for (name, s, trace, q) in every_question() {
            let t = trace[q.step].t();
            for (i, e) in trace.iter().enumerate() {
                if i == q.step || e.t() != t {
                    continue;
                }
                let Some(other) = question_of(&s, &trace, i, Ask::Next)
                    .or_else(|| question_of(&s, &trace, i, Ask::Forward))
                else {
                    continue;
                };
                let happens = &other.choices[other.right].meaning;
                for (k, c) in q.choices.iter().enumerate() {
                    if k != q.right {
                        assert_ne!(&c.meaning, happens, "{name} {}: {}", q.step, c.text.en);
                    }
                }
            }
        }
        let s = builtin::get("querier-election").unwrap();
        let trace = run(s.clone(), 1, None).trace;
        for i in 0..trace.len() {
            if let Some(q) = question_of(&s, &trace, i, Ask::Next) {
                if trace[i].node() == "R1" && trace[i].t() == 0 {
                    assert!(q.choices.iter().all(|c| !c.text.en.starts_with("R2 sends")));
                }
            }
        }
    }

    /// The kinds take turns: every kind is asked somewhere, an IGMPv3 scenario asks at least
    /// three kinds, and no scenario of five questions or more asks one kind in more than two thirds.
    #[test]
    fn the_questions_vary() {
        let all = every_question();
        for ask in Ask::ALL {
            assert!(
                all.iter().any(|(_, _, _, q)| q.ask == ask),
                "{ask:?} never asked"
            );
        }
        for name in builtin::NAMES {
            let asked: Vec<Ask> = all
                .iter()
                .filter(|(n, ..)| n == name)
                .map(|(.., q)| q.ask)
                .collect();
            let most = Ask::ALL
                .iter()
                .map(|a| asked.iter().filter(|x| *x == a).count())
                .max()
                .unwrap_or(0);
            if asked.len() >= 5 {
                assert!(most * 3 <= asked.len() * 2, "{name}: {asked:?}");
            }
            if name.starts_with("v3-") {
                let kinds = Ask::ALL.iter().filter(|a| asked.contains(a)).count();
                assert!(kinds >= 3, "{name}: {asked:?}");
            }
        }
    }

    #[test]
    fn a_leave_is_asked_with_the_wrong_destination_and_the_wrong_host() {
        let s = builtin::get("v2-leave-members-remain").unwrap();
        let trace = run(s.clone(), 1, None).trace;
        let at = trace
            .iter()
            .position(|e| matches!(e, TraceEntry::Packet { msg, .. } if msg == "v2-leave"))
            .unwrap();
        let q = question_of(&s, &trace, at, Ask::Next).unwrap();
        let right = &q.choices[q.right].text.en;
        assert!(right.contains("to 224.0.0.2"), "{right}");
        assert!(q
            .choices
            .iter()
            .any(|c| c.text.en.contains("to 224.10.10.10")));
        assert!(q.rule.en.contains("RFC 2236 §3, §6"));
        assert!(q.choices[q.right].text.ja.contains("リーブメッセージ"));
    }

    /// After the Leave, the querier's group-specific query is answered by one of the members
    /// that remain (they suppress), and in the last-member scenario by nobody.
    #[test]
    fn who_answers_a_group_specific_query() {
        let ask = |name: &str| {
            let s = builtin::get(name).unwrap();
            let trace = run(s.clone(), 1, None).trace;
            let at = trace
                .iter()
                .position(|e| matches!(e, TraceEntry::Packet { msg, group, node, .. } if msg == "v2-query" && group != "0.0.0.0" && node == "R1"))
                .unwrap();
            question_of(&s, &trace, at, Ask::Answer).unwrap()
        };
        let q = ask("v2-leave-members-remain");
        assert!(q.choices[q.right].text.en.starts_with("one of"), "{q:?}");
        assert!(q.rule.en.contains("RFC 2236 §3"));
        let q = ask("v2-last-member-leaves");
        assert!(q.choices[q.right].text.en.starts_with("nobody"), "{q:?}");
        assert!(q
            .choices
            .iter()
            .any(|c| c.text.en == "only A answers, at once"));
    }
}
