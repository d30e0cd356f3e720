//! The built-in scenarios, each with a short explanation in English and Japanese.
//! Topology of the classic ones (igmp-protocol.md §7): routers R1 192.168.1.1 and R2 .2, hosts
//! A .10, B .11, C .12, group G = 224.10.10.10, RFC default timers.

use std::net::Ipv4Addr;

use super::scenario::{Action, ActionKind, FilterMode, NodeConfig, NodeKind, Scenario, Timers};
use crate::codec::Text;

pub const G: Ipv4Addr = Ipv4Addr::new(224, 10, 10, 10);
const SSM: Ipv4Addr = Ipv4Addr::new(232, 1, 1, 1);
const S1: Ipv4Addr = Ipv4Addr::new(10, 0, 0, 1);
const S2: Ipv4Addr = Ipv4Addr::new(10, 0, 0, 2);
const S3: Ipv4Addr = Ipv4Addr::new(10, 0, 0, 3);
const S4: Ipv4Addr = Ipv4Addr::new(10, 0, 0, 4);

/// The names, in the order the picker shows them.
pub const NAMES: &[&str] = &[
    "v2-join",
    "v2-query-suppression",
    "v2-leave-members-remain",
    "v2-last-member-leaves",
    "v2-lost-leave-ages-out",
    "querier-election",
    "querier-failover",
    "v1-host-on-v2",
    "v2-host-v1-querier",
    "v3-asm-join-leave",
    "v3-ssm-join-leave",
    "v3-source-filtering",
    "v2-host-on-v3-router",
    "snooping-switch",
    "v3-packed-reports",
    "v1-silent-leave",
    "ssm-join",
    "unicast-vs-multicast",
];

fn node(name: &str, kind: NodeKind, last: u8, version: u8) -> NodeConfig {
    NodeConfig::new(name, kind, Ipv4Addr::new(192, 168, 1, last), version)
}
fn router(name: &str, last: u8, version: u8) -> NodeConfig {
    node(name, NodeKind::Router, last, version)
}
fn host(name: &str, last: u8, version: u8) -> NodeConfig {
    node(name, NodeKind::Host, last, version)
}
fn join(t: f64, n: &str, group: Ipv4Addr) -> Action {
    Action {
        t,
        node: n.into(),
        kind: ActionKind::Join {
            group,
            mode: None,
            sources: vec![],
            socket: 0,
        },
    }
}
fn join_sources(
    t: f64,
    n: &str,
    group: Ipv4Addr,
    mode: FilterMode,
    sources: Vec<Ipv4Addr>,
) -> Action {
    Action {
        t,
        node: n.into(),
        kind: ActionKind::Join {
            group,
            mode: Some(mode),
            sources,
            socket: 0,
        },
    }
}
fn leave(t: f64, n: &str, group: Ipv4Addr) -> Action {
    Action {
        t,
        node: n.into(),
        kind: ActionKind::Leave { group, socket: 0 },
    }
}
fn act(t: f64, n: &str, kind: ActionKind) -> Action {
    Action {
        t,
        node: n.into(),
        kind,
    }
}

#[allow(clippy::too_many_arguments)]
fn scenario(
    name: &str,
    en_title: &str,
    ja_title: &str,
    en: &str,
    ja: &str,
    until: f64,
    nodes: Vec<NodeConfig>,
    actions: Vec<Action>,
) -> Scenario {
    Scenario {
        name: name.into(),
        title: Text::new(en_title, ja_title),
        explanation: Text::new(en, ja),
        seed: 1,
        until,
        timers: Timers::default(),
        nodes,
        actions,
    }
}

pub fn get(name: &str) -> Option<Scenario> {
    let s = match name {
        "v2-join" => scenario(name, "IGMPv2: a host joins", "IGMPv2: ホストの参加",
            "Host A joins 224.10.10.10. It reports at once and repeats the report after a random delay; the querier R1 starts forwarding the group (RFC 2236 §3, §6).",
            "ホスト A が 224.10.10.10 に参加します。すぐにレポートを送り、ランダムな遅延の後にもう一度送ります。クエリア R1 はグループの転送を始めます (RFC 2236 §3, §6)。",
            30.0, vec![router("R1", 1, 2), host("A", 10, 2)], vec![join(1.0, "A", G)]),
        "v2-query-suppression" => scenario(name, "IGMPv2: report suppression", "IGMPv2: レポート抑制",
            "A, B and C are members. On each general query every host starts a random timer; the first to fire reports and the others hear it and stay silent: one report per group per query (RFC 2236 §3, §6).",
            "A・B・C がメンバーです。ジェネラルクエリーを受けると各ホストはランダムなタイマーを開始し、最初に満了したホストだけが報告し、他はそれを聞いて黙ります。1 回のクエリーにつきグループあたり 1 レポートです (RFC 2236 §3, §6)。",
            60.0, vec![router("R1", 1, 2), host("A", 10, 2), host("B", 11, 2), host("C", 12, 2)],
            vec![join(1.0, "A", G), join(2.0, "B", G), join(3.0, "C", G)]),
        "v2-leave-members-remain" => scenario(name, "IGMPv2: a member leaves, others remain", "IGMPv2: メンバーが脱退、他は残る",
            "A sent the last report, so when it leaves it sends a Leave to 224.0.0.2. R1 asks with a group-specific query whether anyone is still there; B or C answers and forwarding never stops (RFC 2236 §3).",
            "A が最後にレポートを送ったため、脱退時に 224.0.0.2 へリーブメッセージを送ります。R1 はグループスペシフィッククエリーでまだメンバーがいるか確認し、B か C が応答するので転送は止まりません (RFC 2236 §3)。",
            45.0, vec![router("R1", 1, 2), host("A", 10, 2), host("B", 11, 2), host("C", 12, 2)],
            vec![join(1.0, "B", G), join(2.0, "C", G), join(15.0, "A", G), leave(29.0, "A", G)]),
        "v2-last-member-leaves" => scenario(name, "IGMPv2: the last member leaves", "IGMPv2: 最後のメンバーの脱退",
            "A is the only member. It leaves; R1 sends Last Member Query Count group-specific queries, Last Member Query Interval apart, hears no report, and stops forwarding the group Last Member Query Time after the Leave (RFC 2236 §3, §7).",
            "A が唯一のメンバーです。A が脱退すると、R1 はラストメンバークエリー間隔ごとにラストメンバークエリー回数だけグループスペシフィッククエリーを送り、レポートがないためリーブメッセージのラストメンバークエリー時間後に転送を停止します (RFC 2236 §3, §7)。",
            30.0, vec![router("R1", 1, 2), host("A", 10, 2)], vec![join(1.0, "A", G), leave(20.0, "A", G)]),
        "v2-lost-leave-ages-out" => scenario(name, "IGMPv2: a lost Leave ages out", "IGMPv2: 失われたリーブメッセージとタイムアウト",
            "A's Leave is lost on the wire. R1 never hears it, keeps forwarding, and only deletes the group when its timer runs out, Group Membership Interval (260 s) after the last report (RFC 2236 §7, §8.4).",
            "A のリーブメッセージが途中で失われます。R1 はそれを受け取らないため転送を続け、最後のレポートからグループメンバーシップ間隔 (260 秒) 後にタイマーが切れて初めてグループを削除します (RFC 2236 §7, §8.4)。",
            300.0, vec![router("R1", 1, 2), host("A", 10, 2)],
            vec![join(1.0, "A", G), act(19.9, "A", ActionKind::DropNext { kind: Some("v2-leave".into()) }), leave(20.0, "A", G)]),
        "querier-election" => scenario(name, "Querier election", "クエリア選出",
            "R1 (192.168.1.1) and R2 (192.168.1.2) both start as querier and send a general query. R2 hears the query from the lower address and becomes a non-querier; R1 keeps querying (RFC 2236 §3, RFC 3376 §6.6.2).",
            "R1 (192.168.1.1) と R2 (192.168.1.2) はどちらもクエリアとして起動しジェネラルクエリーを送ります。R2 はより低いアドレスからのクエリーを受けて非クエリアになり、R1 がクエリーを続けます (RFC 2236 §3, RFC 3376 §6.6.2)。",
            60.0, vec![router("R1", 1, 2), router("R2", 2, 2), host("A", 10, 2)], vec![join(5.0, "A", G)]),
        "querier-failover" => scenario(name, "Querier fail-over", "クエリアの引き継ぎ",
            "R1 is the querier and stops at 40 s. R2 waits for the Other Querier Present Interval (255 s) after R1's last query, then takes over and queries at once (RFC 2236 §3, §8.5).",
            "R1 がクエリアで、40 秒に停止します。R2 は R1 の最後のクエリーから他クエリア存在間隔 (255 秒) 待ってから引き継ぎ、すぐにクエリーを送ります (RFC 2236 §3, §8.5)。",
            320.0, vec![router("R1", 1, 2), router("R2", 2, 2), host("A", 10, 2)], vec![join(5.0, "A", G), act(40.0, "R1", ActionKind::Down)]),
        "v1-host-on-v2" => scenario(name, "An IGMPv1 host on an IGMPv2 network", "IGMPv2 ネットワーク上の IGMPv1 ホスト",
            "B speaks IGMPv1. Its v1 report puts the group in Version 1 Members Present, so R1 ignores A's Leave: a v1 host could not answer a group-specific query (RFC 2236 §5, §7).",
            "B は IGMPv1 を話します。その v1 レポートによりグループは「v1 メンバーあり」の状態になり、R1 は A のリーブメッセージを無視します。v1 ホストはグループスペシフィッククエリーに応答できないからです (RFC 2236 §5, §7)。",
            60.0, vec![router("R1", 1, 2), host("A", 10, 2), host("B", 11, 1)],
            vec![join(1.0, "B", G), join(12.0, "A", G), leave(30.0, "A", G)]),
        "v2-host-v1-querier" => scenario(name, "An IGMPv2 host with an IGMPv1 querier", "IGMPv1 クエリアと IGMPv2 ホスト",
            "R1 runs IGMPv1 and queries with Max Resp 0. Host A notes an IGMPv1 router is present for 400 s: it answers with v1 reports and leaves without a Leave (RFC 2236 §4).",
            "R1 は IGMPv1 で動作し、最大応答 0 でクエリーを送ります。ホスト A は 400 秒間 IGMPv1 ルータがいるとみなし、v1 レポートで応答し、リーブメッセージを送らずに脱退します (RFC 2236 §4)。",
            60.0, vec![router("R1", 1, 1), host("A", 10, 2)], vec![join(5.0, "A", G), leave(50.0, "A", G)]),
        "v3-asm-join-leave" => scenario(name, "IGMPv3: any-source join and leave", "IGMPv3: 全送信元での参加と脱退",
            "A and B join 224.10.10.10 with TO_EX({}). When A leaves with TO_IN({}), R1 lowers the group timer to the Last Member Query Time (LMQT) and sends a group-specific query at once, for A's retransmitted TO_IN too, and one more a Last Member Query Interval (LMQI) later; B answers and raises the timer again, so a query sent after B's report carries S = 1 (RFC 3376 §6.4.2, §6.6.3).",
            "A と B が TO_EX({}) で 224.10.10.10 に参加します。A が TO_IN({}) で脱退すると、R1 はグループタイマーをラストメンバークエリー時間 (LMQT) に下げ、すぐにグループスペシフィッククエリーを送ります (A が再送した TO_IN にも送ります)。さらにラストメンバークエリー間隔 (LMQI) 後にもう一度送ります。B が応答してタイマーを再び上げるので、B のレポートの後に送るクエリーは S = 1 になります (RFC 3376 §6.4.2, §6.6.3)。",
            60.0, vec![router("R1", 1, 3), host("A", 10, 3), host("B", 11, 3)],
            vec![join(1.0, "A", G), join(2.0, "B", G), leave(20.0, "A", G), leave(40.0, "B", G)]),
        "v3-ssm-join-leave" => scenario(name, "IGMPv3: source-specific join and leave", "IGMPv3: 送信元指定の参加と脱退",
            "A asks for 232.1.1.1 only from 10.0.0.1: ALLOW({10.0.0.1}). When it leaves, BLOCK({10.0.0.1}) makes R1 send group-and-source-specific queries; nobody answers, the source timer expires and the group is deleted (RFC 3376 §6.4.2, RFC 4604).",
            "A は 232.1.1.1 を 10.0.0.1 からのみ要求します: ALLOW({10.0.0.1})。脱退時の BLOCK({10.0.0.1}) により R1 はグループ・ソーススペシフィッククエリーを送ります。誰も応答せず、送信元タイマーが切れてグループが削除されます (RFC 3376 §6.4.2, RFC 4604)。",
            40.0, vec![router("R1", 1, 3), host("A", 10, 3)],
            vec![join_sources(1.0, "A", SSM, FilterMode::Include, vec![S1]), leave(20.0, "A", SSM)]),
        "v3-source-filtering" => scenario(name, "IGMPv3: source filtering settles", "IGMPv3: 送信元フィルタリング",
            "A wants 232.1.1.1 from S1 and S2, B from S2 only. A drops S1: R1 queries for S1, nobody wants it, S1 ages out while S2 stays. C excludes S3 from 224.9.9.9, then switches to INCLUDE{S4}: TO_IN({S4}) in EXCLUDE(X,Y) mode asks for Q(G,X−A) and Q(G); X (the sources still forwarded) is empty, since S3 is excluded, so R1 sends Q(G) only (RFC 3376 §6.4.2).",
            "A は 232.1.1.1 を S1 と S2 から、B は S2 からのみ受信します。A が S1 をやめると R1 は S1 について問い合わせ、誰も必要としないため S1 は期限切れになり S2 は残ります。C は 224.9.9.9 で S3 を除外し、その後 INCLUDE{S4} に切り替えます。EXCLUDE(X,Y) モードでの TO_IN({S4}) は Q(G,X−A) と Q(G) を求めますが、S3 は除外されているので X (転送中の送信元) は空です。そのため R1 は Q(G) だけを送ります (RFC 3376 §6.4.2)。",
            60.0, vec![router("R1", 1, 3), host("A", 10, 3), host("B", 11, 3), host("C", 12, 3)],
            vec![
                join_sources(1.0, "A", SSM, FilterMode::Include, vec![S1, S2]),
                join_sources(2.0, "B", SSM, FilterMode::Include, vec![S2]),
                join_sources(10.0, "A", SSM, FilterMode::Include, vec![S2]),
                join_sources(3.0, "C", Ipv4Addr::new(224, 9, 9, 9), FilterMode::Exclude, vec![S3]),
                join_sources(30.0, "C", Ipv4Addr::new(224, 9, 9, 9), FilterMode::Include, vec![S4]),
            ]),
        "v3-packed-reports" => {
            let g2 = Ipv4Addr::new(224, 20, 20, 20);
            let mut a = host("A", 10, 3);
            a.pack_reports = true;
            scenario(name, "IGMPv3: packed state-change reports", "IGMPv3: 状態変化レポートのまとめ送信",
                "A and B each join 224.10.10.10 and 224.20.20.20, then leave both. Each change is reported at once and retransmitted Robustness − 1 times (RFC 3376 §5.1). Whenever A sends a state-change report, it packs the pending records of the other group into it too, as a Linux host does (one report carries both groups); B sends one report per group and change.",
                "A と B はそれぞれ 224.10.10.10 と 224.20.20.20 に参加し、その後両方から脱退します。変化はすぐに報告され、ロバストネス − 1 回再送されます (RFC 3376 §5.1)。A は Linux ホストと同じく、状態変化レポートを送るたびにもう一方のグループの保留中レコードも同じレポートに入れます (1 つのレポートに 2 グループ)。B はグループと変化ごとに 1 つのレポートを送ります。",
                40.0, vec![router("R1", 1, 3), a, host("B", 11, 3)],
                vec![
                    join(1.0, "A", G),
                    join(1.2, "A", g2),
                    join(2.0, "B", G),
                    join(2.2, "B", g2),
                    leave(20.0, "A", G),
                    leave(20.2, "A", g2),
                    leave(21.0, "B", G),
                    leave(21.2, "B", g2),
                ])
        }
        "v2-host-on-v3-router" => scenario(name, "An IGMPv2 host on an IGMPv3 router", "IGMPv3 ルータ上の IGMPv2 ホスト",
            "B speaks IGMPv2. Its report puts the group in IGMPv2 compatibility mode for the Older Host Present Interval: R1 takes the report as IS_EX({}), would ignore BLOCK records, and treats B's Leave as TO_IN({}), so it queries and A answers (RFC 3376 §7.3.2).",
            "B は IGMPv2 を話します。そのレポートによりグループは旧ホスト存在間隔のあいだ IGMPv2 互換モードになります。R1 はレポートを IS_EX({}) とみなし、BLOCK レコードは無視し、B のリーブメッセージを TO_IN({}) として扱うのでクエリーを送り、A が応答します (RFC 3376 §7.3.2)。",
            60.0, vec![router("R1", 1, 3), host("A", 10, 3), host("B", 11, 2)],
            vec![join(1.0, "B", G), join(2.0, "A", G), leave(30.0, "B", G)]),
        "snooping-switch" => {
            let mut sw = node("SW", NodeKind::Switch, 254, 2);
            sw.address = Ipv4Addr::UNSPECIFIED;
            let mut src = host("S", 50, 2);
            src.address = Ipv4Addr::new(192, 168, 1, 50);
            scenario(name, "An IGMP-snooping switch", "IGMP スヌーピングスイッチ",
                "The switch learns R1's port from its queries, forwards reports only there, and forwards the data S sends to 224.10.10.10 only to A's port and the router port; B and C get none of it (RFC 4541 §2.1).",
                "スイッチは R1 のクエリーからルータポートを学習し、レポートはそこにだけ転送します。S が 224.10.10.10 に送るデータは A のポートとルータポートにだけ転送され、B と C には届きません (RFC 4541 §2.1)。",
                60.0, vec![sw, router("R1", 1, 2), host("A", 10, 2), host("B", 11, 2), host("C", 12, 2), src],
                vec![
                    join(2.0, "A", G),
                    act(5.0, "S", ActionKind::SendData { group: G }),
                    act(10.0, "S", ActionKind::SendData { group: G }),
                    leave(20.0, "A", G),
                    act(25.0, "S", ActionKind::SendData { group: G }),
                ])
        }
        "v1-silent-leave" => scenario(name, "IGMPv1: hosts leave silently", "IGMPv1: 黙って脱退するホスト",
            "R1, A and B run IGMPv1, which has no Leave message. A and B join 224.10.10.10; at 20 s both leave without a word. R1 cannot know: it keeps forwarding the group until its group timer runs out, a Group Membership Interval (260 s) after the last report, and only then stops (RFC 1112 App. I, RFC 2236 §7).",
            "R1、A、B は IGMPv1 で動作します。IGMPv1 にはリーブメッセージがありません。A と B は 224.10.10.10 に参加し、20 秒で 2 台とも何も言わずに脱退します。R1 はそれを知ることができず、最後のレポートからグループメンバーシップ間隔 (260 秒) が過ぎてグループタイマーが切れるまで転送を続け、そこで初めて止めます (RFC 1112 App. I, RFC 2236 §7)。",
            280.0, vec![router("R1", 1, 1), host("A", 10, 1), host("B", 11, 1)],
            vec![join(1.0, "A", G), join(2.0, "B", G), leave(20.0, "A", G), leave(20.0, "B", G)]),
        "ssm-join" => scenario(name, "SSM: joining a source, not a group", "SSM: グループではなく送信元に参加する",
            "Source-Specific Multicast uses 232.0.0.0/8 (RFC 4607): a receiver names the source it wants, in INCLUDE mode; there is no 'any source'. A asks for 232.1.1.1 from 10.0.0.1 only and B from 10.0.0.2 only: each reports ALLOW with its source. R1 keeps one list of the sources asked for, INCLUDE{10.0.0.1,10.0.0.2}, each with its own timer; on the general query each host reports IS_IN with its own source, and no report is suppressed (RFC 3376 §6.4, RFC 4604 §2).",
            "送信元指定マルチキャスト (SSM) は 232.0.0.0/8 を使います (RFC 4607)。受信者は希望する送信元を INCLUDE モードで指定し、「すべての送信元」はありません。A は 232.1.1.1 を 10.0.0.1 からのみ、B は 10.0.0.2 からのみ求め、それぞれ自分の送信元を ALLOW で報告します。R1 は求められた送信元のリスト INCLUDE{10.0.0.1,10.0.0.2} を送信元ごとのタイマーとともに持ちます。ジェネラルクエリーには各ホストが自分の送信元を IS_IN で報告し、レポートは抑制されません (RFC 3376 §6.4, RFC 4604 §2)。",
            45.0, vec![router("R1", 1, 3), host("A", 10, 3), host("B", 11, 3)],
            vec![
                join_sources(1.0, "A", SSM, FilterMode::Include, vec![S1]),
                join_sources(3.0, "B", SSM, FilterMode::Include, vec![S2]),
            ]),
        "unicast-vs-multicast" => {
            let mut sw = node("SW", NodeKind::Switch, 254, 2);
            sw.address = Ipv4Addr::UNSPECIFIED;
            let to = |t: f64, last: u8| act(t, "S", ActionKind::SendData { group: Ipv4Addr::new(192, 168, 1, last) });
            scenario(name, "Unicast against multicast: one stream, three receivers", "ユニキャストとマルチキャスト: 1 つのストリームを 3 台へ",
                "A, B and C want the same stream from S; D does not. At 5 s S sends it as unicast: one copy to each receiver, so its own link carries three copies, and the switch sends each copy out of the one port where it heard that host. At 10 s S sends it once to the group 224.10.10.10: its link carries one copy, and the snooping switch copies it to A, B and C and to the router port, not to D. The table of data on each link counts the frames and bytes: with N receivers unicast puts N copies on the source's link, multicast one (RFC 1112 §2, RFC 4541 §2.1.2).",
                "A、B、C は S から同じストリームを受け取りたく、D は要りません。5 秒で S はそれをユニキャストで送ります。受信者ごとに 1 つずつコピーを送るので、S のリンクには 3 つのコピーが流れます。スイッチは各コピーを、そのホストから受信したポートにだけ転送します。10 秒で S はグループ 224.10.10.10 へ 1 回だけ送ります。S のリンクに流れるのは 1 つで、スヌーピングスイッチが A、B、C とルータポートへコピーし、D には送りません。リンクごとのデータの表がフレーム数とバイト数を数えます。受信者が N 台なら、ユニキャストでは送信元のリンクに N 個のコピーが、マルチキャストでは 1 個が流れます (RFC 1112 §2, RFC 4541 §2.1.2)。",
                15.0,
                vec![sw, router("R1", 1, 2), host("A", 10, 2), host("B", 11, 2), host("C", 12, 2), host("D", 13, 2), host("S", 50, 2)],
                vec![
                    join(1.0, "A", G),
                    join(1.5, "B", G),
                    join(2.0, "C", G),
                    to(5.0, 10),
                    to(5.0, 11),
                    to(5.0, 12),
                    act(10.0, "S", ActionKind::SendData { group: G }),
                ])
        }
        _ => return None,
    };
    Some(s)
}
