//! IGMP's IPv6 counterpart (#30): MLD speaks the same rules with other names. MLDv1 (RFC 2710) is
//! IGMPv2 (RFC 2236) and MLDv2 (RFC 3810) is IGMPv3 (RFC 3376) "almost rule for rule", with the
//! sections moved: what the simulator and the analysis say about a rule, they say once, in
//! IGMP's words and sections, and [`Family`] turns it into MLD's.

use std::net::IpAddr;

/// The protocol of a link: IGMP over IPv4, MLD over IPv6.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Family {
    #[default]
    Igmp,
    Mld,
}

impl Family {
    /// The family an address's messages belong to.
    pub fn of(addr: IpAddr) -> Family {
        match addr {
            IpAddr::V4(_) => Family::Igmp,
            IpAddr::V6(_) => Family::Mld,
        }
    }

    /// The protocol's name at IGMP version `v` (1–3): MLDv1 is IGMPv2's counterpart and MLDv2
    /// IGMPv3's (RFC 3810 §8); IGMPv1 has none.
    pub fn version(self, v: u8) -> String {
        match self {
            Family::Igmp => format!("IGMPv{v}"),
            Family::Mld => format!("MLDv{}", v.saturating_sub(1).max(1)),
        }
    }

    /// A listener's "I stop listening" message: IGMPv2's Leave (RFC 2236 §3), MLDv1's Done
    /// (RFC 2710 §4); ja-terms' words.
    pub fn leave(self) -> (&'static str, &'static str) {
        match self {
            Family::Igmp => ("Leave", "リーブメッセージ"),
            Family::Mld => ("Done", "Done メッセージ"),
        }
    }

    /// The query field that bounds a listener's answer: IGMP's Max Resp Time (RFC 2236 §2.2,
    /// RFC 3376 §4.1.1), MLD's Maximum Response Delay or Code (RFC 2710 §3.4, RFC 3810 §5.1.3).
    pub fn max_resp(self) -> (&'static str, &'static str) {
        match self {
            Family::Igmp => ("Max Resp Time", "最大応答時間"),
            Family::Mld => ("Maximum Response Delay", "最大応答遅延"),
        }
    }

    /// The unspecified address, as the family writes it.
    pub fn unspecified(self) -> &'static str {
        match self {
            Family::Igmp => "0.0.0.0",
            Family::Mld => "::",
        }
    }

    /// The leave message's short Japanese name, in a list ("リーブ/TO_IN").
    pub fn leave_short_ja(self) -> &'static str {
        match self {
            Family::Igmp => "リーブ",
            Family::Mld => "Done",
        }
    }

    /// The last-member check's name: IGMP's Last Member Query Interval and Count (RFC 3376
    /// §8.8, §8.9), MLD's Last Listener Query Interval and Count (RFC 3810 §9.8, §9.9).
    pub fn last_member(self) -> (&'static str, &'static str) {
        match self {
            Family::Igmp => ("Last Member", "ラストメンバー"),
            Family::Mld => ("Last Listener", "ラストリスナー"),
        }
    }

    /// RFC 3376 §6.6.3.1's query and RFC 3810 §7.6.3.1's (one Japanese term for the concept,
    /// as the Builder names MLD's: ja-terms).
    pub fn group_query(self) -> (&'static str, &'static str) {
        match self {
            Family::Igmp => ("group-specific query", "グループスペシフィッククエリー"),
            Family::Mld => (
                "multicast-address-specific query",
                "グループスペシフィッククエリー",
            ),
        }
    }

    /// [`Family::group_query`] in the plural, in English.
    pub fn group_queries(self) -> &'static str {
        match self {
            Family::Igmp => "group-specific queries",
            Family::Mld => "multicast-address-specific queries",
        }
    }

    /// RFC 3376 §6.6.3.2's query and RFC 3810 §7.6.3.2's.
    pub fn source_query(self) -> (&'static str, &'static str) {
        match self {
            Family::Igmp => (
                "group-and-source-specific query",
                "グループ・ソーススペシフィッククエリー",
            ),
            Family::Mld => (
                "multicast-address-and-source-specific query",
                "グループ・ソーススペシフィッククエリー",
            ),
        }
    }

    /// The RFC sections `igmp` cites ("RFC 2236 §3, §8.9; RFC 3376 §6.6.3"), as this family's:
    /// for MLD, RFC 3376's sections become RFC 3810's and RFC 2236's RFC 2710's; a section with
    /// no MLD counterpart (IGMPv1 compatibility) is left out; other RFCs (4541, 4604, 4607) stay.
    pub fn cite(self, igmp: &str) -> String {
        if self == Family::Igmp {
            return igmp.to_string();
        }
        let mut out: Vec<String> = Vec::new();
        for part in igmp.split("; ") {
            let Some((rfc, sections)) = part
                .split_once(' ')
                .and_then(|(_, rest)| rest.split_once(' '))
            else {
                out.push(part.to_string());
                continue;
            };
            let mapped: Vec<String> = sections
                .split(", ")
                .filter_map(|s| {
                    let s = s.strip_prefix('§')?;
                    match rfc {
                        "3376" => mld2_section(s),
                        "2236" => mld1_section(s),
                        _ => Some(s.to_string()),
                    }
                })
                .map(|s| format!("§{s}"))
                .collect();
            let name = match rfc {
                "3376" => "3810",
                "2236" => "2710",
                other => other,
            };
            if !mapped.is_empty() {
                out.push(format!("RFC {name} {}", mapped.join(", ")));
            }
        }
        out.join("; ")
    }
}

/// `word` after Japanese text: with a space before a Latin word ("の Done メッセージ"), none
/// before kana ("のリーブメッセージ"), as the app writes Japanese.
pub fn ja_after(word: &str) -> String {
    if word.starts_with(|c: char| c.is_ascii()) {
        format!(" {word}")
    } else {
        word.to_string()
    }
}

/// RFC 3376's section `s` ("6.6.3.1") as RFC 3810's: the query's fields (§4.1 → §5.1, which
/// has more of them), the report's (§4.2 → §5.2), and the chapters after them one later (§5
/// hosts → §6, §6 routers → §7, §7 interoperation → §8, §8 timers → §9).
fn mld2_section(s: &str) -> Option<String> {
    const QUERY: [(&str, &str); 8] = [
        ("4.1.1", "5.1.3"),
        ("4.1.3", "5.1.5"),
        ("4.1.5", "5.1.7"),
        ("4.1.6", "5.1.8"),
        ("4.1.7", "5.1.9"),
        ("4.1.8", "5.1.10"),
        ("4.1.9", "5.1.11"),
        ("4.1.12", "5.1.15"),
    ];
    if let Some((_, m)) = QUERY.iter().find(|(i, _)| *i == s) {
        return Some((*m).to_string());
    }
    if s == "4.2.16" {
        return Some("5.2.15".to_string());
    }
    let (chapter, rest) = s.split_once('.').unwrap_or((s, ""));
    let chapter: u8 = chapter.parse().ok()?;
    let chapter = match chapter {
        4..=8 => chapter.saturating_add(1),
        _ => return None,
    };
    Some(if rest.is_empty() {
        chapter.to_string()
    } else {
        format!("{chapter}.{rest}")
    })
}

/// RFC 2236's section `s` as RFC 2710's: the message (§2 → §3), the protocol (§3 → §4), the
/// state diagrams (§6 → §5, §7 → §6), the timers (§8.1–§8.10 → §7.1–§7.10) and the
/// destinations (§9 → §8). §4, §5 and §8.11 are about IGMPv1, which MLD has no counterpart of.
fn mld1_section(s: &str) -> Option<String> {
    // The message's fields: Type, Max Resp Time (Maximum Response Delay), Checksum, Group
    // Address (Multicast Address), Other fields.
    const FIELDS: [(&str, &str); 5] = [
        ("2.1", "3.1"),
        ("2.2", "3.4"),
        ("2.3", "3.3"),
        ("2.4", "3.6"),
        ("2.5", "3.7"),
    ];
    if let Some((_, m)) = FIELDS.iter().find(|(i, _)| *i == s) {
        return Some((*m).to_string());
    }
    let (chapter, rest) = s.split_once('.').unwrap_or((s, ""));
    let chapter = match chapter {
        "2" => "3",
        "3" => "4",
        "6" => "5",
        "7" => "6",
        "8" if rest != "11" => "7",
        "9" => "8",
        _ => return None,
    };
    Some(if rest.is_empty() {
        chapter.to_string()
    } else {
        format!("{chapter}.{rest}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each mapping checked against the two RFCs' tables of contents (titles in the comments).
    #[test]
    fn igmp_citations_become_mld_ones() {
        let mld = |s: &str| Family::Mld.cite(s);
        // Leave → Done; LMQC → Last Listener Query Count; Q(G) → Multicast Address Specific.
        assert_eq!(
            mld("RFC 2236 §3, §8.9; RFC 3376 §6.6.3"),
            "RFC 2710 §4, §7.9; RFC 3810 §7.6.3"
        );
        // IGMPv1 compatibility has no MLD counterpart.
        assert_eq!(
            mld("RFC 3376 §7.3.2; RFC 2236 §4, §7"),
            "RFC 3810 §8.3.2; RFC 2710 §6"
        );
        // QQIC and the number of sources move down the query's fields (§5.1.9, §5.1.10).
        assert_eq!(
            mld("RFC 3376 §4.1.8, §6.6.3.2"),
            "RFC 3810 §5.1.10, §7.6.3.2"
        );
        // Destinations for reports; the report's size.
        assert_eq!(
            mld("RFC 2236 §9; RFC 3376 §4.2.14"),
            "RFC 2710 §8; RFC 3810 §5.2.14"
        );
        assert_eq!(mld("RFC 3376 §4.2.16"), "RFC 3810 §5.2.15");
        // Timers: Robustness Variable, Query Response Interval.
        assert_eq!(
            mld("RFC 3376 §8.1; RFC 2236 §8.1"),
            "RFC 3810 §9.1; RFC 2710 §7.1"
        );
        assert_eq!(mld("RFC 2236 §8.11"), "");
        // Max Resp Time → Maximum Response Delay; Group Address → Multicast Address.
        assert_eq!(mld("RFC 2236 §2.2, §2.4"), "RFC 2710 §3.4, §3.6");
        assert_eq!(mld("RFC 4604 §2.2"), "RFC 4604 §2.2");
        assert_eq!(Family::Igmp.cite("RFC 2236 §3"), "RFC 2236 §3");
    }

    #[test]
    fn names_follow_the_family() {
        assert_eq!(Family::Mld.version(2), "MLDv1");
        assert_eq!(Family::Mld.version(3), "MLDv2");
        assert_eq!(Family::Igmp.version(3), "IGMPv3");
        assert_eq!(Family::of("ff02::1".parse().unwrap()), Family::Mld);
        assert_eq!(Family::Mld.leave().0, "Done");
        assert_eq!(Family::Igmp.group_queries(), "group-specific queries");
    }
}
