//! Lessons (#28): scenarios, Builder and Inspector exercises strung into the course's order,
//! each step with its goal. A lesson is JSON like a scenario (shareable by link, and a teacher
//! can write their own); the exercises are checked here, against the codec, the MAC mapping and
//! the simulator, never against an answer typed beside them, and the verdict names the rule.

use std::net::Ipv4Addr;

use serde::{Deserialize, Serialize};

use crate::codec::{self, Lang, Severity, Text};
use crate::json;
use crate::model::predict::{self, Ask};
use crate::sim::{self, builtin};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Lesson {
    pub name: String,
    pub title: Text,
    pub steps: Vec<Step>,
}

/// One step: what the class should get out of it, and its task, which is exactly one of the
/// optional fields (plain fields rather than a tagged enum: the JSON reads as a teacher writes
/// it, `"mac": "239.255.0.10"`, and serde's code for it stays small).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Step {
    pub goal: Text,
    /// Watch a built-in scenario (it opens in the Scenarios screen).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scenario: Option<String>,
    /// Build a message (any hex dump of it, a whole frame or the IGMP message alone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub build: Option<Wanted>,
    /// Find the field that is wrong in this frame (hex of an Ethernet frame).
    #[serde(
        default,
        rename = "find-error",
        skip_serializing_if = "Option::is_none"
    )]
    pub find_error: Option<String>,
    /// Which MAC address a group maps to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mac: Option<Ipv4Addr>,
    /// A predict-mode question from a built-in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predict: Option<PredictRef>,
}

/// The `nth` question of kind `ask` in a built-in's run (seed 1).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PredictRef {
    pub scenario: String,
    pub ask: Ask,
    #[serde(default)]
    pub nth: usize,
}

impl Step {
    /// The step's task: `None` unless exactly one task field is set.
    pub fn task(&self) -> Option<Task> {
        let tasks = [
            self.scenario
                .clone()
                .map(|scenario| Task::Scenario { scenario }),
            self.build.map(|message| Task::Build { message }),
            self.find_error
                .clone()
                .map(|frame| Task::FindError { frame }),
            self.mac.map(|group| Task::Mac { group }),
            self.predict.clone().map(|p| Task::Predict {
                scenario: p.scenario,
                ask: p.ask,
                nth: p.nth,
            }),
        ];
        let mut set = tasks.into_iter().flatten();
        let task = set.next()?;
        set.next().is_none().then_some(task)
    }
}

/// What a step asks.
#[derive(Clone, Debug, PartialEq)]
pub enum Task {
    Scenario {
        scenario: String,
    },
    Build {
        message: Wanted,
    },
    FindError {
        frame: String,
    },
    Mac {
        group: Ipv4Addr,
    },
    Predict {
        scenario: String,
        ask: Ask,
        nth: usize,
    },
}

/// A message the class is asked to build: `{"leave": "239.1.1.1"}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Wanted {
    Leave(Ipv4Addr),
    V2Report(Ipv4Addr),
}

impl Lesson {
    /// A lesson from JSON in the form serde writes it (`serde_json::to_string`), read by hand
    /// over [`json::Value`] rather than by serde's derived reader: the app does not carry that
    /// reader's code (#30: room for MLD; docs/benchmarks.md). Unknown members are ignored and a
    /// null optional member is absent, as serde's reader does; `tests/json.rs` holds the
    /// two readers to the same answers.
    pub fn read(v: &json::Value) -> Result<Lesson, json::Wrong> {
        let steps = v.field("steps")?;
        Ok(Lesson {
            name: v.field("name")?.string()?,
            title: Text::read(v.field("title")?)?,
            steps: steps.list_of(Step::read)?,
        })
    }
}

impl Step {
    fn read(v: &json::Value) -> Result<Step, json::Wrong> {
        let predict = |p: &json::Value| {
            Ok(PredictRef {
                scenario: p.field("scenario")?.string()?,
                ask: Ask::read(p.field("ask")?)?,
                // Absent is 0; null is not a number (serde's `default`).
                nth: p.or("nth", 0, json::Value::unsigned)?,
            })
        };
        Ok(Step {
            goal: Text::read(v.field("goal")?)?,
            scenario: v.opt("scenario", json::Value::string)?,
            build: v.opt("build", Wanted::read)?,
            find_error: v.opt("find-error", json::Value::string)?,
            mac: v.opt("mac", |m| m.parsed("an IPv4 address"))?,
            predict: v.opt("predict", predict)?,
        })
    }
}

impl Wanted {
    /// serde's form of an enum variant with a value: `{"leave": "239.1.1.1"}`.
    fn read(v: &json::Value) -> Result<Wanted, json::Wrong> {
        let leave: fn(Ipv4Addr) -> Wanted = Wanted::Leave;
        let report: fn(Ipv4Addr) -> Wanted = Wanted::V2Report;
        let (make, group) = v.variant(&[("leave", leave), ("v2-report", report)])?;
        Ok(make(group.parsed("an IPv4 address")?))
    }
}

/// The kind of an exercise, as the DOM contract names it (`exercise` `data-kind`).
impl Task {
    pub fn kind(&self) -> Option<&'static str> {
        match self {
            Task::Scenario { .. } => None,
            Task::Build { .. } => Some("build"),
            Task::FindError { .. } => Some("find-error"),
            Task::Mac { .. } => Some("mac"),
            Task::Predict { .. } => Some("predict"),
        }
    }
}

/// The verdict on an answer: right or not, what the answer was read as, and the rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    pub right: bool,
    pub read: Text,
    pub rule: Text,
}

/// The choices of a choice exercise (find-error: the frame's fields, as (id, label); predict:
/// the question's choices), with the prompt; `None` for a typed answer.
pub struct Choices {
    pub prompt: Text,
    pub options: Vec<(String, Text)>,
}

/// The frame of a find-error task, dissected.
fn dissect_hex(hex: &str) -> Option<codec::Dissection> {
    let import = crate::import::import_text(hex);
    let f = import.frames.first()?;
    Some(crate::import::stream::FrameRef::from(f).dissect())
}

/// The predict question a task asks, from the built-in's run.
fn predict_question(scenario: &str, ask: Ask, nth: usize) -> Option<predict::Question> {
    let s = builtin::get(scenario)?;
    let trace = sim::run(s.clone(), 1, None).trace;
    (0..trace.len())
        .filter_map(|i| predict::question_of(&s, &trace, i, ask))
        .nth(nth)
}

impl Task {
    /// The options to choose from, for the exercises answered by a choice.
    pub fn choices(&self) -> Option<Choices> {
        match self {
            Task::FindError { frame } => {
                let d = dissect_hex(frame)?;
                // The leaf fields the frame shows, each once, by id (Wireshark's name).
                let mut options: Vec<(String, Text)> = Vec::new();
                for (i, f) in d.fields.iter().enumerate() {
                    let leaf = d
                        .fields
                        .get(i.saturating_add(1))
                        .is_none_or(|n| n.depth <= f.depth);
                    if leaf && !f.derived && !options.iter().any(|(id, _)| *id == f.id) {
                        options.push((
                            f.id.to_string(),
                            Text::new(
                                format!("{} ({})", f.label.en, f.id),
                                format!("{} ({})", f.label.ja, f.id),
                            ),
                        ));
                    }
                }
                Some(Choices {
                    prompt: Text::new(
                        "Which field of this frame is wrong?",
                        "このフレームのどのフィールドが誤っている?",
                    ),
                    options,
                })
            }
            Task::Predict { scenario, ask, nth } => {
                let q = predict_question(scenario, *ask, *nth)?;
                Some(Choices {
                    prompt: q.prompt.clone(),
                    options: q
                        .choices
                        .iter()
                        .enumerate()
                        .map(|(i, c)| (i.to_string(), c.text.clone()))
                        .collect(),
                })
            }
            _ => None,
        }
    }

    /// Checks an answer (the typed text, or the chosen option's id). `None` for a step that is
    /// not an exercise, or a task that cannot be checked (a lesson naming a missing built-in).
    pub fn check(&self, answer: &str) -> Option<Verdict> {
        match self {
            Task::Scenario { .. } => None,
            Task::Build { message } => Some(check_build(*message, answer)),
            Task::FindError { frame } => {
                let d = dissect_hex(frame)?;
                let error = d
                    .diagnostics
                    .iter()
                    .find(|x| x.severity == Severity::Error && x.field.is_some())?;
                let want = error.field.clone().unwrap_or_default();
                Some(Verdict {
                    right: answer.trim() == want,
                    read: Text::new(
                        format!("The wrong field is {want}."),
                        format!("誤っているのは {want} です。"),
                    ),
                    rule: Text::new(
                        format!("{} ({})", error.message.en, error.rfc),
                        format!("{} ({})", error.message.ja, error.rfc),
                    ),
                })
            }
            Task::Mac { group } => {
                let want = codec::mac::multicast_mac(*group);
                let typed = codec::width::ascii_twins(answer.trim());
                let got = codec::mac::parse_mac(&typed);
                let read = match got {
                    Some(m) => Text::new(
                        format!("Read as {}.", codec::mac::format_mac(&m)),
                        format!("{} と読みました。", codec::mac::format_mac(&m)),
                    ),
                    None => Text::new(
                        format!(
                            "\"{}\" is not a MAC address (six bytes in hex).",
                            answer.trim()
                        ),
                        format!(
                            "「{}」は MAC アドレス (16 進の 6 バイト) ではありません。",
                            answer.trim()
                        ),
                    ),
                };
                Some(Verdict {
                    right: got == Some(want),
                    read,
                    rule: Text::new(
                        format!(
                            "{group} maps to {}: the low 23 bits of the group go into 01:00:5e:00:00:00, so 5 bits are lost and 32 groups share each MAC (RFC 1112 §6.4).",
                            codec::mac::format_mac(&want)
                        ),
                        format!(
                            "{group} は {} になります。グループの下位 23 ビットを 01:00:5e:00:00:00 に入れるので 5 ビットが失われ、32 のグループが 1 つの MAC を共有します (RFC 1112 §6.4)。",
                            codec::mac::format_mac(&want)
                        ),
                    ),
                })
            }
            Task::Predict { scenario, ask, nth } => {
                let q = predict_question(scenario, *ask, *nth)?;
                let right = answer.trim().parse::<usize>().ok() == Some(q.right);
                let real = q.choices.get(q.right)?.text.clone();
                Some(Verdict {
                    right,
                    read: real,
                    rule: q.rule,
                })
            }
        }
    }
}

/// A built message: read like a paste (any dump, a whole frame or the IGMP message alone), and
/// right when it is the wanted message with a valid checksum, sent (when an IP header is there)
/// where the rules send it.
fn check_build(want: Wanted, answer: &str) -> Verdict {
    let (rule, dst) = match want {
        Wanted::Leave(_) => (
            Text::new(
                "A Leave Group message is type 0x17 with the group in its Group Address field, sent to 224.0.0.2, the all-routers group, with a valid checksum (RFC 2236 §2, §3, §9).",
                "リーブメッセージはタイプ 0x17 で、グループアドレスのフィールドにグループを入れ、全ルータ 224.0.0.2 宛てに正しいチェックサムで送ります (RFC 2236 §2, §3, §9)。",
            ),
            Ipv4Addr::new(224, 0, 0, 2),
        ),
        Wanted::V2Report(group) => (
            Text::new(
                "An IGMPv2 report is type 0x16 with the group in its Group Address field, sent to the group itself, with a valid checksum (RFC 2236 §2, §3, §9).",
                "IGMPv2 のレポートはタイプ 0x16 で、グループアドレスのフィールドにグループを入れ、グループ自身の宛先へ正しいチェックサムで送ります (RFC 2236 §2, §3, §9)。",
            ),
            group,
        ),
    };
    let wrong = |read: Text| Verdict {
        right: false,
        read,
        rule: rule.clone(),
    };
    let import = crate::import::import_text(answer);
    let Some(frame) = import.frames.first() else {
        return wrong(Text::new(
            "No bytes were read from the answer: paste the message in hex.",
            "答えからバイトを読めませんでした。メッセージを 16 進で貼り付けてください。",
        ));
    };
    let d = crate::import::stream::FrameRef::from(frame).dissect();
    if let Some(e) = d.diagnostics.iter().find(|x| x.severity == Severity::Error) {
        return wrong(Text::new(
            format!("Read, but wrong: {}", e.message.en),
            format!("読めましたが誤りがあります: {}", e.message.ja),
        ));
    }
    // What the frame holds, as the packet list reads it (a bare message too).
    use crate::codec::frame::MessageKind;
    let (Some(kind), group) = (d.info.kind, d.info.group) else {
        return wrong(Text::new(
            "These bytes are not an IGMP message.",
            "このバイト列は IGMP メッセージではありません。",
        ));
    };
    let is = match (want, kind) {
        (Wanted::Leave(g), MessageKind::V2Leave) => group == Some(g),
        (Wanted::V2Report(g), MessageKind::V2Report) => group == Some(g),
        _ => false,
    };
    // The destination, when the answer has an IP header (a bare message has none).
    let sent_to = d
        .info
        .dst
        .filter(|_| frame.link != codec::LinkType::IgmpMessage);
    let to_ok = sent_to.is_none_or(|a| a == dst);
    let (to_en, to_ja) = sent_to.map_or((String::new(), String::new()), |a| {
        (format!(", to {a}"), format!("、宛先 {a}"))
    });
    let read = Text::new(
        format!("Read as: {}{to_en}.", describe(Lang::En, kind, group)),
        format!("読み取り結果: {}{to_ja}。", describe(Lang::Ja, kind, group)),
    );
    Verdict {
        right: is && to_ok,
        read,
        rule,
    }
}

/// A message as the verdict names it: "Leave for 239.1.1.1", "v2 report for 239.1.1.1".
fn describe(l: Lang, kind: crate::codec::frame::MessageKind, group: Option<Ipv4Addr>) -> String {
    use crate::codec::frame::MessageKind::*;
    let (en, ja) = match kind {
        V2Leave => ("Leave", "リーブメッセージ"),
        V1Report => ("v1 report", "v1 レポート"),
        V2Report => ("v2 report", "v2 レポート"),
        V3Report => ("v3 report", "v3 レポート"),
        V1Query | V2Query | V3Query => ("query", "クエリー"),
        _ => ("another IGMP message", "別の IGMP メッセージ"),
    };
    match (l, group.filter(|g| !g.is_unspecified())) {
        (Lang::En, Some(g)) => format!("{en} for {g}"),
        // A space between Japanese and a Latin word ("の v2 レポート"), none before kana.
        (Lang::Ja, Some(g)) if ja.starts_with(|c: char| c.is_ascii()) => format!("{g} の {ja}"),
        (Lang::Ja, Some(g)) => format!("{g} の{ja}"),
        (Lang::En, None) => en.to_string(),
        (Lang::Ja, None) => ja.to_string(),
    }
}

/// The lessons that ship, one per topic of the course, in its order.
pub fn builtins() -> Vec<Lesson> {
    json::read(include_str!("lessons.json"), |v| {
        v.list()?.iter().map(Lesson::read).collect()
    })
    .unwrap_or_default()
}

/// A lesson from its JSON (a teacher's own, or a share link's), every step checked: its
/// scenario is a built-in, its exercise can be checked.
pub fn from_json(json: &str) -> Result<Lesson, Text> {
    let lesson = json::read(json, Lesson::read).map_err(|e| {
        Text::new(
            format!("Lesson JSON, line {}, column {}: {e}", e.line, e.column),
            format!(
                "レッスン JSON の {} 行 {} 列目が読めません",
                e.line, e.column
            ),
        )
    })?;
    if lesson.steps.is_empty() || lesson.steps.len() > 100 {
        return Err(Text::new(
            "A lesson has 1 to 100 steps.",
            "レッスンのステップは 1〜100 個です。",
        ));
    }
    for (i, s) in lesson.steps.iter().enumerate() {
        let ok = match s.task() {
            None => false,
            Some(Task::Scenario { scenario }) => builtin::get(&scenario).is_some(),
            Some(t @ (Task::Predict { .. } | Task::FindError { .. })) => {
                t.choices().is_some() && t.check("").is_some()
            }
            Some(Task::Build { .. } | Task::Mac { .. }) => true,
        };
        if !ok {
            return Err(Text::new(
                format!("steps[{i}]: this step cannot be shown (it needs exactly one task, and its built-in, question or error must exist)"),
                format!("steps[{i}]: このステップは表示できません (課題はちょうど 1 つで、その組み込みシナリオ・問題・誤りが必要です)"),
            ));
        }
    }
    Ok(lesson)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A bare IGMP message with its checksum (RFC 1071).
    fn igmp(kind: u8, group: [u8; 4]) -> String {
        let mut m = vec![kind, 0, 0, 0, group[0], group[1], group[2], group[3]];
        let c = crate::codec::checksum::internet(&m);
        m[2..4].copy_from_slice(&c.to_be_bytes());
        m.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Every shipped lesson loads, in both languages, one per topic of the course, and each of
    /// its exercises is right for the right answer and wrong for a wrong one.
    #[test]
    fn every_lesson_loads_and_every_exercise_can_be_answered_right_and_wrong() {
        let lessons = builtins();
        assert_eq!(lessons.len(), 7);
        let mut kinds = std::collections::BTreeSet::new();
        for lesson in &lessons {
            let json = serde_json::to_string(lesson).unwrap();
            assert_eq!(from_json(&json).as_ref(), Ok(lesson));
            assert!(!lesson.title.en.is_empty() && !lesson.title.ja.is_empty());
            for step in &lesson.steps {
                assert!(!step.goal.en.is_empty() && !step.goal.ja.is_empty());
                let task = step.task().expect("one task");
                let Some(kind) = task.kind() else {
                    continue;
                };
                kinds.insert(kind);
                let (right, wrong) = match &task {
                    Task::Build {
                        message: Wanted::Leave(group),
                    } => (igmp(0x17, group.octets()), igmp(0x16, group.octets())),
                    Task::Build {
                        message: Wanted::V2Report(group),
                    } => (igmp(0x16, group.octets()), igmp(0x17, group.octets())),
                    Task::Mac { group } => (
                        codec::mac::format_mac(&codec::mac::multicast_mac(*group)),
                        "01:00:5e:ff:00:0a".to_string(),
                    ),
                    Task::FindError { .. } => ("igmp.checksum".to_string(), "ip.ttl".to_string()),
                    Task::Predict { scenario, ask, nth } => {
                        let q = predict_question(scenario, *ask, *nth).expect("question");
                        let choices = task.choices().expect("choices");
                        assert_eq!(choices.options.len(), q.choices.len());
                        (
                            q.right.to_string(),
                            ((q.right + 1) % q.choices.len()).to_string(),
                        )
                    }
                    Task::Scenario { .. } => unreachable!(),
                };
                let good = task.check(&right).expect("checkable");
                assert!(good.right, "{} {kind}: {good:?}", lesson.name);
                assert!(good.rule.en.contains("RFC") && good.rule.ja.contains("RFC"));
                let bad = task.check(&wrong).expect("checkable");
                assert!(!bad.right, "{} {kind}: {bad:?}", lesson.name);
            }
        }
        assert_eq!(
            kinds.into_iter().collect::<Vec<_>>(),
            vec!["build", "find-error", "mac", "predict"]
        );
    }

    /// The MAC exercise reads full-width input; the build exercise reads a whole frame, and
    /// refuses a Leave sent to the group instead of 224.0.0.2.
    #[test]
    fn answers_are_read_as_a_paste_is() {
        let mac = Task::Mac {
            group: "239.255.0.10".parse().unwrap(),
        };
        assert!(
            mac.check("０１：００：５ｅ：７ｆ：００：０ａ")
                .unwrap()
                .right
        );
        let leave = Task::Build {
            message: Wanted::Leave("224.10.10.10".parse().unwrap()),
        };
        // A whole Ethernet frame: the v2 report of the e2e helpers, to its group (wrong type).
        let report = "01005e0a0a0a020000000001080046c000200000400001023851c0a8010ae00a0a0a940400001600ffeae00a0a0a";
        let v = leave.check(report).unwrap();
        assert!(!v.right);
        assert!(
            v.read.en.contains("v2 report for 224.10.10.10"),
            "{:?}",
            v.read
        );
        assert!(!leave.check("zz").unwrap().right);
    }
}
