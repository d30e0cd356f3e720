//! The readable report of `igmpwb analyze FILE`.

use std::fmt::Write;

use super::Analysis;
use crate::codec::Lang;

fn s(t: f64) -> String {
    crate::num::Fixed(t, 3).to_string()
}

/// What the analysis left out of a capture with `n` MLD messages (#30), for the report and the
/// Analysis view.
pub fn mld_not_analysed(n: u64, lang: Lang) -> String {
    if lang == Lang::Ja {
        format!("MLD メッセージ {n} 件は分析していません: 現在の分析は IGMP の規則 (RFC 2236、RFC 3376) のみに従います。")
    } else {
        format!("{n} MLD {} not analysed: the analysis follows IGMP's rules (RFC 2236, RFC 3376) only so far.", if n == 1 { "message is" } else { "messages are" })
    }
}

/// The whole report in `lang`.
pub fn text(a: &Analysis, lang: Lang) -> String {
    let ja = lang == Lang::Ja;
    let mut out = String::new();
    let (info, warn, err) = a.counts();
    let _ = writeln!(
        out,
        "{}",
        if ja {
            format!(
                "{} フレーム (IGMP メッセージ {}、重複コピー {})、{} 秒",
                a.frames,
                a.igmp_frames,
                a.duplicates,
                s(a.duration)
            )
        } else {
            format!(
                "{} {} ({} IGMP {}, {} duplicate {} counted once), {} s",
                a.frames,
                if a.frames == 1 { "frame" } else { "frames" },
                a.igmp_frames,
                if a.igmp_frames == 1 {
                    "message"
                } else {
                    "messages"
                },
                a.duplicates,
                if a.duplicates == 1 { "copy" } else { "copies" },
                s(a.duration)
            )
        }
    );
    if a.mld_frames > 0 {
        let _ = writeln!(out, "{}", mld_not_analysed(a.mld_frames, lang));
    }
    let _ = writeln!(out, "\n{}", if ja { "クエリア" } else { "Queriers" });
    if a.queriers.is_empty() {
        let _ = writeln!(
            out,
            "  {}",
            if ja {
                "(ルータのクエリーなし)"
            } else {
                "(no query from a router heard)"
            }
        );
    }
    let switches = a.switch_queriers.iter().map(|q| (q, true));
    for (q, switch) in a.queriers.iter().map(|q| (q, false)).chain(switches) {
        if switch {
            let _ = write!(
                out,
                "{}",
                if ja {
                    "  スイッチのクエリア (RFC 4541 §2.1.1、ルータではない):\n"
                } else {
                    "  switch querier (RFC 4541 §2.1.1, not a router):\n"
                }
            );
        }
        let _ = writeln!(
            out,
            "  {:<15} IGMPv{}  {} – {} s  ({} {})",
            q.address.to_string(),
            q.version,
            s(q.from),
            s(q.to),
            if ja {
                "最初のフレーム"
            } else {
                "from frame"
            },
            q.from_frame
        );
    }
    let _ = writeln!(out, "\n{}", if ja { "グループ" } else { "Groups" });
    if a.groups.is_empty() {
        let _ = writeln!(out, "  {}", if ja { "(なし)" } else { "(none)" });
    }
    for g in &a.groups {
        let _ = writeln!(out, "  {}", g.group);
        for p in &g.present {
            let why = match (p.ended_by, ja) {
                ("leave", true) => "脱退",
                ("timeout", true) => "タイムアウト",
                ("capture-end", true) => "キャプチャ終了",
                (other, _) => other,
            };
            let _ = writeln!(
                out,
                "    {} {} – {} s ({why})",
                if ja { "転送" } else { "present" },
                s(p.from),
                s(p.to)
            );
        }
        for m in &g.members {
            let _ = writeln!(
                out,
                "    {} {:<15} {} – {} s",
                if ja { "メンバー" } else { "member " },
                m.host.to_string(),
                s(m.from),
                s(m.to)
            );
        }
        for c in &g.compat {
            let _ = writeln!(
                out,
                "    {} {} {} – {} s",
                if ja { "互換モード" } else { "mode   " },
                c.mode,
                s(c.from),
                s(c.to)
            );
        }
    }
    let _ = writeln!(
        out,
        "\n{}",
        if ja {
            format!("指摘: エラー {err}、警告 {warn}、情報 {info}")
        } else {
            format!("Findings: {err} error(s), {warn} warning(s), {info} info")
        }
    );
    for f in &a.findings {
        let frames: Vec<String> = f.frames.iter().map(u64::to_string).collect();
        let _ = writeln!(
            out,
            "  [{}] {} s  {}  ({})  {} {}\n      {}",
            f.severity.name(),
            s(f.t),
            f.rule,
            f.rfc,
            if ja { "フレーム" } else { "frames" },
            frames.join(", "),
            if ja { &f.ja } else { &f.en }
        );
    }
    if a.findings_dropped > 0 {
        let _ = writeln!(
            out,
            "  {}",
            if ja {
                format!("(ほか {} 件は省略)", a.findings_dropped)
            } else {
                format!("({} more findings left out)", a.findings_dropped)
            }
        );
    }
    out
}
