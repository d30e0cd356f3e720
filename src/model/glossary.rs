//! The glossary (用語集, #28): every abbreviation and term the classroom shows, spelt out in
//! both languages with one Japanese term per concept (the course's terms), and what it means.

use crate::codec::Text;

/// One entry: the abbreviation (empty for a term that has none), its name and its meaning.
pub struct Term {
    pub abbr: &'static str,
    pub name: (&'static str, &'static str),
    pub meaning: (&'static str, &'static str),
}

impl Term {
    pub fn name(&self) -> Text {
        Text::new(self.name.0, self.name.1)
    }
    pub fn meaning(&self) -> Text {
        Text::new(self.meaning.0, self.meaning.1)
    }
}

const fn term(
    abbr: &'static str,
    name: (&'static str, &'static str),
    meaning: (&'static str, &'static str),
) -> Term {
    Term {
        abbr,
        name,
        meaning,
    }
}

/// In the order a class meets them.
pub const TERMS: &[Term] = &[
    term("", ("general query", "ジェネラルクエリー"), (
        "A query to 224.0.0.1 about every group: which groups have members here? (RFC 2236 §2.1)",
        "224.0.0.1 宛てのクエリーで、すべてのグループについて「メンバーはいますか」と尋ねます (RFC 2236 §2.1)。",
    )),
    term("", ("group-specific query", "グループスペシフィッククエリー"), (
        "A query sent to one group, asking whether it still has members, after a Leave (RFC 2236 §3).",
        "1 つのグループ宛てに、まだメンバーがいるかを尋ねるクエリーです。リーブメッセージの後に送ります (RFC 2236 §3)。",
    )),
    term("", ("group-and-source-specific query", "グループ・ソーススペシフィッククエリー"), (
        "An IGMPv3 query to one group that names sources: does anyone still want these sources? (RFC 3376 §4.1.9)",
        "送信元を指定して 1 つのグループ宛てに送る IGMPv3 のクエリーで、「この送信元をまだ希望していますか」と尋ねます (RFC 3376 §4.1.9)。",
    )),
    term("", ("querier", "クエリア"), (
        "The one router on a link that sends queries: the one with the lowest IP address (RFC 2236 §3).",
        "リンク上でクエリーを送る 1 台のルータです。IP アドレスが最も低いルータがなります (RFC 2236 §3)。",
    )),
    term("", ("Leave", "リーブメッセージ"), (
        "An IGMPv2 host's message to 224.0.0.2 that it left a group; sent by the host that reported last (RFC 2236 §3).",
        "IGMPv2 のホストがグループから脱退したことを 224.0.0.2 へ知らせるメッセージです。最後にレポートを送ったホストが送ります (RFC 2236 §3)。",
    )),
    term("MRT", ("Max Resp Time", "最大応答時間"), (
        "The longest a member may wait before it answers a query, carried in the query (RFC 2236 §2.2, RFC 3376 §4.1.1).",
        "メンバーがクエリーに応答するまでに待てる最長の時間で、クエリーに書かれています (RFC 2236 §2.2, RFC 3376 §4.1.1)。",
    )),
    term("QI", ("Query Interval", "クエリー間隔"), (
        "The time between the querier's general queries: 125 s by default (RFC 2236 §8.2).",
        "クエリアがジェネラルクエリーを送る間隔です。既定値は 125 秒です (RFC 2236 §8.2)。",
    )),
    term("QRI", ("Query Response Interval", "クエリー応答間隔"), (
        "The Max Resp Time of general queries: 10 s by default (RFC 2236 §8.3).",
        "ジェネラルクエリーの最大応答時間です。既定値は 10 秒です (RFC 2236 §8.3)。",
    )),
    term("QRV", ("Robustness Variable", "ロバストネス変数"), (
        "How many times a message is repeated so that one loss does no harm: 2 by default; the IGMPv3 query carries it as QRV (RFC 2236 §8.1, RFC 3376 §4.1.6).",
        "1 回の損失で困らないようにメッセージを繰り返す回数です。既定値は 2 で、IGMPv3 のクエリーでは QRV として運ばれます (RFC 2236 §8.1, RFC 3376 §4.1.6)。",
    )),
    term("GMI", ("Group Membership Interval", "グループメンバーシップ間隔"), (
        "How long a router keeps a group with no report: Robustness Variable × Query Interval + Query Response Interval, 260 s by default (RFC 2236 §8.4).",
        "レポートがないときにルータがグループを保つ時間です。ロバストネス変数 × クエリー間隔 + クエリー応答間隔で、既定値は 260 秒です (RFC 2236 §8.4)。",
    )),
    term("OQPI", ("Other Querier Present Interval", "他クエリア存在間隔"), (
        "How long a non-querier waits without hearing the querier before it takes over: Robustness Variable × Query Interval + Query Response Interval / 2, 255 s by default (RFC 2236 §8.5).",
        "非クエリアがクエリアの声を聞かずに待ち、引き継ぐまでの時間です。ロバストネス変数 × クエリー間隔 + クエリー応答間隔 / 2 で、既定値は 255 秒です (RFC 2236 §8.5)。",
    )),
    term("LMQI", ("Last Member Query Interval", "ラストメンバークエリー間隔"), (
        "The Max Resp Time of group-specific queries, and the time between them: 1 s by default (RFC 2236 §8.8).",
        "グループスペシフィッククエリーの最大応答時間で、その送信間隔でもあります。既定値は 1 秒です (RFC 2236 §8.8)。",
    )),
    term("LMQC", ("Last Member Query Count", "ラストメンバークエリー回数"), (
        "How many group-specific queries the querier sends after a Leave: the Robustness Variable by default (RFC 2236 §8.9).",
        "リーブメッセージの後にクエリアが送るグループスペシフィッククエリーの回数です。既定値はロバストネス変数です (RFC 2236 §8.9)。",
    )),
    term("LMQT", ("Last Member Query Time", "ラストメンバークエリー時間"), (
        "Last Member Query Interval × Last Member Query Count: how long a group lasts after a Leave if nobody answers, 2 s by default (RFC 3376 §8.10).",
        "ラストメンバークエリー間隔 × ラストメンバークエリー回数で、リーブメッセージの後に誰も応答しなければグループが残る時間です。既定値は 2 秒です (RFC 3376 §8.10)。",
    )),
    term("", ("Unsolicited Report Interval", "非要求レポート間隔"), (
        "The longest wait before a joining host repeats its report: 10 s in IGMPv2, 1 s in IGMPv3 (RFC 2236 §8.10, RFC 3376 §8.11).",
        "参加したホストがレポートを繰り返すまでの最長の待ち時間です。IGMPv2 では 10 秒、IGMPv3 では 1 秒です (RFC 2236 §8.10, RFC 3376 §8.11)。",
    )),
    term("QQIC", ("Querier's Query Interval Code", "クエリアのクエリー間隔コード"), (
        "The IGMPv3 query's field that tells the other routers the querier's Query Interval (RFC 3376 §4.1.7).",
        "クエリアのクエリー間隔を他のルータに伝える IGMPv3 クエリーのフィールドです (RFC 3376 §4.1.7)。",
    )),
    term("", ("INCLUDE / EXCLUDE mode", "INCLUDE モード / EXCLUDE モード"), (
        "An IGMPv3 filter: INCLUDE wants only the listed sources; EXCLUDE wants every source but the listed ones (RFC 3376 §3).",
        "IGMPv3 のフィルタです。INCLUDE は挙げた送信元だけを、EXCLUDE は挙げた送信元以外のすべてを希望します (RFC 3376 §3)。",
    )),
    term("", ("state-change / current-state report", "状態変更レポート / 現状レポート"), (
        "TO_IN, TO_EX, ALLOW and BLOCK records tell a change of filter; IS_IN and IS_EX answer a query with the filter as it is (RFC 3376 §4.2.12).",
        "TO_IN・TO_EX・ALLOW・BLOCK のレコードはフィルタの変化を、IS_IN・IS_EX はクエリーへの応答として今のフィルタを伝えます (RFC 3376 §4.2.12)。",
    )),
    term("SSM", ("Source-Specific Multicast", "送信元指定マルチキャスト"), (
        "Receivers name the source they want; 232.0.0.0/8 is kept for it, and only INCLUDE mode is used there (RFC 4607).",
        "受信者が希望する送信元を指定するマルチキャストです。232.0.0.0/8 がそのために確保され、INCLUDE モードだけを使います (RFC 4607)。",
    )),
    term("", ("snooping switch", "IGMP スヌーピングスイッチ"), (
        "A switch that listens to IGMP and forwards a group's data only to the ports that asked for it and to router ports (RFC 4541).",
        "IGMP を聞き取り、グループのデータを要求したポートとルータポートだけへ転送するスイッチです (RFC 4541)。",
    )),
];

#[cfg(test)]
mod tests {
    use super::*;

    /// Every term has both languages; an abbreviation appears once; the Japanese names are the
    /// course's one term per concept (ja-terms.md).
    #[test]
    fn every_term_is_spelt_out_in_both_languages() {
        for (i, t) in TERMS.iter().enumerate() {
            assert!(!t.name.0.is_empty() && !t.name.1.is_empty());
            assert!(t.meaning.0.contains("RFC") && t.meaning.1.contains("RFC"));
            if !t.abbr.is_empty() {
                assert!(TERMS[..i].iter().all(|o| o.abbr != t.abbr), "{}", t.abbr);
            }
        }
        let ja: Vec<&str> = TERMS.iter().map(|t| t.name.1).collect();
        for want in [
            "ラストメンバークエリー間隔",
            "ラストメンバークエリー回数",
            "グループメンバーシップ間隔",
            "リーブメッセージ",
            "グループ・ソーススペシフィッククエリー",
        ] {
            assert!(ja.contains(&want), "{want}");
        }
        for abbr in ["GMI", "LMQT", "LMQI", "QRV", "QQIC"] {
            assert!(TERMS.iter().any(|t| t.abbr == abbr), "{abbr}");
        }
    }
}
