//! Predict mode (issue #15): before a step that sends a packet, the class is asked what happens
//! next. One choice is the real next packet; the others are mistakes the RFCs rule out, each
//! built from the real packet and the scenario, so that the wrong answers are the ones a student
//! actually makes (every member answers, the router stops at once, a Leave from a host that was
//! not the last reporter, a switch that floods).

use crate::codec::{Lang, Text};
use crate::model::i18n::{frame_label, is_source_query};
use crate::sim::{NodeKind, Scenario, TraceEntry};

/// A question about the packet of trace entry `step`.
#[derive(Clone, Debug, PartialEq)]
pub struct Question {
    /// The trace entry the question is about (stepping answers it).
    pub step: usize,
    pub choices: Vec<Text>,
    /// Which of `choices` is what really happens.
    pub right: usize,
    /// The rule that decides it, with its RFC section.
    pub rule: Text,
}

/// The question to ask before trace entry `step`, if that entry is a packet.
pub fn question(scenario: &Scenario, trace: &[TraceEntry], step: usize) -> Option<Question> {
    let TraceEntry::Packet {
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
    let kind_of = |name: &str| {
        scenario
            .nodes
            .iter()
            .find(|n| n.name == name)
            .map(|n| n.kind)
    };
    let from_switch = kind_of(node) == Some(NodeKind::Switch);
    // The packet as its bytes say it is (a v3 query naming sources is group-and-source-specific).
    let label = |l: Lang| frame_label(l, bytes);
    let about = if group.is_empty() || group == "0.0.0.0" {
        String::new()
    } else {
        format!(" ({group})")
    };
    let sends = |who: &str, dst: &str| {
        Text::new(
            format!("{who} sends a {}{about} to {dst}", label(Lang::En)),
            format!("{who} が {dst} へ {}{about} を送る", label(Lang::Ja)),
        )
    };
    let forwards = |who: &str, out: &[String]| {
        let out = if out.is_empty() {
            "-".to_string()
        } else {
            out.join(", ")
        };
        Text::new(
            format!("{who} forwards the {}{about} to {out}", label(Lang::En)),
            format!("{who} が {}{about} を {out} へ転送する", label(Lang::Ja)),
        )
    };
    let right = if from_switch {
        forwards(node, receivers)
    } else {
        sends(node, to)
    };
    let others = |k: NodeKind| -> Vec<&str> {
        scenario
            .nodes
            .iter()
            .filter(|n| n.kind == k && n.name != *node)
            .map(|n| n.name.as_str())
            .collect()
    };
    let hosts = others(NodeKind::Host);
    let mut wrong: Vec<Text> = Vec::new();
    let rule;
    if from_switch {
        // Every port but the one the frame came in on (the sender is one hop back).
        let ports: Vec<String> = scenario
            .nodes
            .iter()
            .filter(|n| n.name != *node && n.kind != NodeKind::Switch)
            .map(|n| n.name.clone())
            .filter(|n| trace[..step].last().is_none_or(|e| e.node() != n))
            .collect();
        if ports != *receivers {
            wrong.push(forwards(node, &ports));
        }
        wrong.push(Text::new(
            format!("{node} drops it: no port has asked for it"),
            format!("{node} は転送しない (どのポートも要求していない)"),
        ));
        rule = if msg.ends_with("query") {
            Text::new(
                "A snooping switch floods queries to every port (RFC 4541 §2.1.1).",
                "スヌーピングスイッチはクエリーをすべてのポートへ転送します (RFC 4541 §2.1.1)。",
            )
        } else if msg == "data" {
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
    } else if msg.ends_with("query") {
        if group.is_empty() || group == "0.0.0.0" {
            wrong.push(Text::new(
                format!("{node} sends a group-specific query to each group it forwards"),
                format!("{node} が転送中の各グループへグループスペシフィッククエリーを送る"),
            ));
            if let Some(other) = others(NodeKind::Router).first() {
                wrong.push(sends(other, to));
            }
            rule = Text::new(
                "The querier alone sends general queries to 224.0.0.1, every Query Interval (Startup Query Interval at start); a router that hears a lower address stops querying (RFC 2236 §3, RFC 3376 §6.6.2).",
                "ジェネラルクエリーはクエリアだけが 224.0.0.1 へ、クエリー間隔ごとに (起動時は起動時クエリー間隔で) 送ります。より低いアドレスのクエリーを聞いたルータは送信をやめます (RFC 2236 §3, RFC 3376 §6.6.2)。",
            );
        } else if is_source_query(bytes) {
            wrong.push(Text::new(
                format!("{node} stops forwarding the blocked sources of {group} at once, without asking"),
                format!("{node} が確認せずにすぐ {group} のブロックされた送信元の転送を止める"),
            ));
            wrong.push(sends(node, "224.0.0.1"));
            rule = Text::new(
                "Before it stops forwarding sources of a group, the querier asks about exactly those sources with group-and-source-specific queries sent to the group, Last Member Query Interval apart (RFC 3376 §6.4.2, §6.6.3.2).",
                "クエリアはグループの送信元の転送を止める前に、その送信元だけを尋ねるグループ・ソーススペシフィッククエリーをラストメンバークエリー間隔ごとにそのグループ宛てに送って確認します (RFC 3376 §6.4.2, §6.6.3.2)。",
            );
        } else {
            wrong.push(Text::new(
                format!("{node} stops forwarding {group} at once, without asking"),
                format!("{node} が確認せずにすぐ {group} の転送を止める"),
            ));
            wrong.push(sends(node, "224.0.0.1"));
            rule = Text::new(
                "Before it stops forwarding a group, the querier asks with Last Member Query Count group-specific queries sent to the group, Last Member Query Interval apart (RFC 2236 §3, RFC 3376 §6.4.2).",
                "クエリアはグループの転送を止める前に、ラストメンバークエリー回数だけグループスペシフィッククエリーをラストメンバークエリー間隔ごとにそのグループ宛てに送って確認します (RFC 2236 §3, RFC 3376 §6.4.2)。",
            );
        }
    } else if msg.ends_with("leave") {
        if let Some(other) = hosts.first() {
            wrong.push(sends(other, to));
        }
        wrong.push(sends(node, group));
        rule = Text::new(
            "Only the host that sent the last report for the group sends a Leave, and it goes to 224.0.0.2, the all-routers group (RFC 2236 §3, §6).",
            "リーブメッセージを送るのは、そのグループへ最後にレポートを送ったホストだけで、宛先は全ルータ 224.0.0.2 です (RFC 2236 §3, §6)。",
        );
    } else if msg.ends_with("report") {
        if !hosts.is_empty() && msg != "v3-report" {
            let all: Vec<&str> = std::iter::once(node.as_str())
                .chain(hosts.iter().copied())
                .collect();
            wrong.push(Text::new(
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
        wrong.push(sends(
            node,
            if to == "224.0.0.1" {
                "224.0.0.2"
            } else {
                "224.0.0.1"
            },
        ));
        rule = if msg == "v3-report" {
            Text::new(
                "IGMPv3 reports go to 224.0.0.22 and are not suppressed: every member reports its own state (RFC 3376 §4.2.14, §5.2).",
                "IGMPv3 のレポートは 224.0.0.22 宛てで抑制されません。各メンバーが自分の状態を報告します (RFC 3376 §4.2.14, §5.2)。",
            )
        } else {
            match report_reason(trace, step, node, group) {
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
        };
    } else {
        wrong.push(Text::new(
            format!("{node} sends nothing: nobody has joined {group}"),
            format!("{node} は何も送らない ({group} に参加者がいない)"),
        ));
        rule = Text::new(
            "A source sends to the group address whether or not anyone listens; IGMP only decides where routers and snooping switches forward it (RFC 1112 §6, RFC 4541 §2.1.2).",
            "送信元は受信者の有無にかかわらずグループアドレスへ送ります。IGMP はルータとスヌーピングスイッチがどこへ転送するかを決めるだけです (RFC 1112 §6, RFC 4541 §2.1.2)。",
        );
    }
    // "Nothing yet" is a mistake worth offering for a lost packet, and fills a short list, so
    // that there are always three or four choices.
    if *dropped || wrong.len() < 2 {
        wrong.push(Text::new(
            format!("{node} sends nothing now"),
            format!("{node} は今は何も送らない"),
        ));
    }
    wrong.dedup();
    wrong.retain(|w| *w != right);
    wrong.truncate(3);
    // The right answer's place moves from question to question, without randomness.
    let at = step % (wrong.len() + 1);
    let mut choices = wrong;
    choices.insert(at, right);
    Some(Question {
        step,
        choices,
        right: at,
        rule,
    })
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
    let mut reports_since_join = 0;
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
                reports_since_join += 1;
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

    /// Every packet of every built-in gets three or four distinct choices, exactly one of which
    /// is the packet that really comes next; non-packet steps get no question.
    #[test]
    fn every_packet_of_every_builtin_has_one_right_answer_among_three_or_four() {
        for name in builtin::NAMES {
            let s = builtin::get(name).unwrap();
            let trace = run(s.clone(), 1, None).trace;
            for (i, e) in trace.iter().enumerate() {
                let q = question(&s, &trace, i);
                match e {
                    TraceEntry::State { .. } => assert!(q.is_none()),
                    TraceEntry::Packet { node, .. } => {
                        let q = q.unwrap();
                        assert!((3..=4).contains(&q.choices.len()), "{name} {i}: {q:?}");
                        assert!(q.choices[q.right].en.starts_with(node.as_str()));
                        for (a, x) in q.choices.iter().enumerate() {
                            for y in &q.choices[..a] {
                                assert_ne!(x, y, "{name} {i}");
                            }
                        }
                        assert!(q.rule.en.contains("RFC") && q.rule.ja.contains("RFC"));
                    }
                }
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
        let q = question(&s, &trace, at).unwrap();
        let right = &q.choices[q.right].en;
        assert!(right.contains("to 224.0.0.2"), "{right}");
        assert!(q.choices.iter().any(|c| c.en.contains("to 224.10.10.10")));
        assert!(q.rule.en.contains("RFC 2236 §3, §6"));
        assert!(q.choices[q.right].ja.contains("リーブメッセージ"));
    }
}
